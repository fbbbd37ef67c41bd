/**
 * Text that someone other than the school wrote (names, a browser's user agent, an alert rule's
 * name) made safe to put into a mail, whatever is stored: names are validated when written,
 * but rows imported or written before the rule may hold anything.
 */

/** Controls, line and paragraph separators, and bidirectional overrides and isolates. */
// eslint-disable-next-line no-control-regex
const BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/gu;

/**
 * One line: every control character, line break and separator becomes a space, runs of
 * spaces become one, and the result is at most `maxLength` characters (cut with …).
 */
export function singleLine(value: string, maxLength = 300): string {
  const line = value.replace(BREAKING, ' ').replace(/\s+/g, ' ').trim();
  const characters = Array.from(line);
  return characters.length > maxLength ? `${characters.slice(0, maxLength - 1).join('')}…` : line;
}

/**
 * `singleLine`, and nothing in it that a mail program turns into a link: `://` becomes
 * `[:]//`, `www.` becomes `www[.]`, `@` becomes `[at]`, and a dot between a letter or digit
 * and two or more letters (`evil.com`) becomes `[.]`. Text without such parts is unchanged.
 */
export function inertText(value: string, maxLength = 300): string {
  return singleLine(value, maxLength)
    .replace(/:\/\//g, '[:]//')
    .replace(/www\./gi, (www) => `${www.slice(0, 3)}[.]`)
    .replace(/@/g, '[at]')
    .replace(/(?<=[\p{L}\p{N}])\.(?=\p{L}{2,})/gu, '[.]');
}

/**
 * A person's name for the plain text and, escaped, the HTML of a mail: inert, at most 100
 * characters, and within quotation marks, so that it reads as a quoted name and never as a
 * sentence of the mail or a link.
 */
export function quotedName(value: string): string {
  const name = inertText(value, 100);
  return `“${name === '' ? '?' : name}”`;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let cached: ReadonlySet<string> | undefined;

/** Parses the list file: one password a line, `#` comments and blank lines ignored. */
export function parseCommonPasswords(text: string): Set<string> {
  const set = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const entry = line.trim();
    if (entry !== '' && !entry.startsWith('#')) set.add(entry.toLowerCase());
  }
  return set;
}

/** The common-password list shipped beside this file, read once. */
export function commonPasswords(): ReadonlySet<string> {
  cached ??= parseCommonPasswords(readFileSync(join(__dirname, 'common-passwords.txt'), 'utf8'));
  return cached;
}

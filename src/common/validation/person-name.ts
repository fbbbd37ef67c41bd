import { ValidationOptions, registerDecorator } from 'class-validator';

/** Longest first or last name, in characters. */
export const PERSON_NAME_MAX_LENGTH = 100;

/**
 * Characters a single-line name never holds: C0 and C1 controls (line breaks and tabs
 * included), DEL, the Unicode line and paragraph separators, and the bidirectional embedding,
 * override and isolate controls (which can make text read differently from what it is). Zero-
 * width joiners stay allowed: Persian and Indic names use them.
 */
// eslint-disable-next-line no-control-regex
const NOT_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/**
 * What makes a name look like a link or an address in a mail: a scheme (`://`), `www.`, an
 * `@`, or a dot directly followed by two or more letters or digits (`evil.com`, `bit.ly/x`,
 * `192.168.1.1`). Real names keep their dots before a space or at the end (`St. John`,
 * `Jr.`) or between initials (`J.R.R.`), so none of this refuses them.
 */
const LINK_LIKE = /:\/\/|www\.|@|\.[\p{L}\p{N}]{2,}/iu;

/** Why `value` is not an acceptable first or last name, or undefined when it is. */
export function personNameProblem(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > PERSON_NAME_MAX_LENGTH) {
    return `must be at most ${PERSON_NAME_MAX_LENGTH} characters`;
  }
  if (NOT_SINGLE_LINE.test(value)) {
    return 'must be a single line without control characters';
  }
  if (LINK_LIKE.test(value)) {
    return 'must not contain a web address, a domain name or an email address';
  }
  return undefined;
}

/** A first or last name: single-line, no control characters, nothing that reads as a link. */
export function IsSafePersonName(options: ValidationOptions = {}): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isSafePersonName',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !personNameProblem(value),
        defaultMessage: (args) => {
          const value: unknown = args?.value;
          const problem = typeof value === 'string' ? personNameProblem(value) : 'must be a string';
          return `${args?.property ?? 'name'} ${problem ?? 'is not valid'}`;
        },
      },
    });
  };
}

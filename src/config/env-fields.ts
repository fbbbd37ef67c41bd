import { z } from 'zod';

/** An unset or blank variable is absent; a set one is trimmed. */
function blankToUndefined(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Runs `schema` on the trimmed value, or on undefined when the variable is unset or blank. */
function variable<T extends z.ZodType>(schema: T) {
  return z.preprocess(blankToUndefined, schema);
}

const got = (input: unknown): string => `(got "${String(input)}")`;

/**
 * The kinds of environment variable, as zod schemas. Messages leave out the variable's name:
 * loadConfig puts it first (`PORT must be an integer ...`).
 */
export const envFields = {
  /** Any text; `fallback` when unset. */
  text: (fallback: string) => variable(z.string().default(fallback)),

  /** Any text, or undefined when unset. */
  optionalText: () => variable(z.string().optional()),

  /** One of `values`. */
  oneOf: <const T extends readonly [string, ...string[]]>(
    values: T,
    fallback: T[number],
    message: string,
  ) =>
    variable(
      z.enum(values, { error: (issue) => `${message} ${got(issue.input)}` }).default(fallback),
    ),

  /** A whole number from `min` to `max`. */
  integer: (fallback: number, min: number, max: number) => {
    const error = (issue: { input?: unknown }) =>
      `must be an integer between ${min} and ${max} ${got(issue.input)}`;
    return variable(
      z
        .string()
        .regex(/^-?\d+$/, { error })
        .transform(Number)
        .pipe(z.number().min(min, { error }).max(max, { error }))
        .default(fallback),
    );
  },

  /** A finite number from `min` to `max`. */
  decimal: (fallback: number, min: number, max: number) => {
    const error = (issue: { input?: unknown }) =>
      `must be a number between ${min} and ${max} ${got(issue.input)}`;
    return variable(
      z
        .string()
        .refine((value) => Number.isFinite(Number(value)), { error, abort: true })
        .transform(Number)
        .pipe(z.number().min(min, { error }).max(max, { error }))
        .default(fallback),
    );
  },

  /** true/1/yes/on or false/0/no/off, in any case. */
  flag: (fallback: boolean) =>
    variable(
      z
        .stringbool({
          truthy: ['true', '1', 'yes', 'on'],
          falsy: ['false', '0', 'no', 'off'],
          case: 'insensitive',
          error: (issue) => `must be true or false ${got(issue.input)}`,
        })
        .default(fallback),
    ),

  /** A URL with one of `protocols` (written with their colon, e.g. `https:`), or undefined. */
  url: (protocols: readonly string[]) =>
    variable(
      z
        .string()
        .refine((value) => URL.canParse(value), { error: 'is not a valid URL', abort: true })
        .refine((value) => protocols.includes(new URL(value).protocol), {
          error: (issue) =>
            `must use ${protocols.join(' or ')} (got "${new URL(String(issue.input)).protocol}")`,
        })
        .optional(),
    ),

  /** A comma-separated list; blank entries are dropped. */
  list: (entry: z.ZodType<string, string>) =>
    variable(
      z
        .string()
        .default('')
        .transform((value) =>
          value
            .split(',')
            .map((item) => item.trim())
            .filter((item) => item.length > 0),
        )
        .pipe(z.array(entry)),
    ),
};

import { Transform } from 'class-transformer';

/**
 * Query-string transforms of the analytics parameters: a number (text that is not one becomes
 * NaN and fails validation, and an empty value is not silently 0), and a comma-separated or
 * repeated list.
 */
export const QueryTransforms = {
  number: () =>
    Transform(({ value }: { value: unknown }) => {
      if (typeof value !== 'string') return value;
      const text = value.trim();
      return /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
    }),
  list: () =>
    Transform(({ value }: { value: unknown }) => {
      const items = Array.isArray(value) ? (value as unknown[]) : [value];
      return items.flatMap((item) =>
        typeof item === 'string'
          ? item
              .split(',')
              .map((part) => part.trim())
              .filter((part) => part !== '')
          : [item],
      );
    }),
};

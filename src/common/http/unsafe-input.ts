import type { FieldError } from '../errors/domain-error';

/** Keys that name an object's prototype machinery; refused like any unknown property. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * C0 control characters other than tab, line feed and carriage return (NUL included), and
 * UTF-16 surrogates that are not part of a pair (no UTF-8 encoding exists for them).
 */
const UNSAFE_CHARACTER =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function describeCharacter(text: string): string {
  const found = UNSAFE_CHARACTER.exec(text)?.[0] ?? '';
  const code = found.charCodeAt(0);
  if (code >= 0xd800) return 'must not contain an unpaired surrogate (not valid Unicode text)';
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return `must not contain control characters (found U+${hex}); only tab, line feed and carriage return are allowed`;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/**
 * The first string or key of a parsed body, query or parameter that no field may hold: a
 * control character, an unpaired surrogate, or a prototype key (`__proto__`, `constructor`,
 * `prototype`). Paths are dotted as in validation errors (`students.0.first_name`). The walk is
 * iterative, so it needs no stack however deep the value (bodies are depth-limited anyway).
 */
export function findUnsafeInput(value: unknown, root = ''): FieldError | undefined {
  const pending: { value: unknown; path: string }[] = [{ value, path: root }];
  while (pending.length > 0) {
    const { value: current, path } = pending.pop()!;
    if (typeof current === 'string') {
      if (UNSAFE_CHARACTER.test(current)) {
        return { field: path || 'value', message: describeCharacter(current) };
      }
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) {
        pending.push({ value: current[i] as unknown, path: join(path, String(i)) });
      }
      continue;
    }
    const keys = Object.keys(current);
    for (const key of keys) {
      const field = join(path, key);
      if (PROTOTYPE_KEYS.has(key)) return { field, message: 'is not allowed' };
      if (UNSAFE_CHARACTER.test(key)) return { field, message: describeCharacter(key) };
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      pending.push({
        value: (current as Record<string, unknown>)[keys[i]],
        path: join(path, keys[i]),
      });
    }
  }
  return undefined;
}

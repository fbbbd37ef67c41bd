/**
 * The whole reason of a failure on one line, for an operator: the message (or the error's name
 * or code when the message is empty), then the causes (`cause`, the errors of an AggregateError),
 * never `undefined`.
 */
export function describeError(error: unknown): string {
  const seen = new Set<unknown>();
  const describe = (value: unknown, depth: number): string => {
    if (value === undefined || value === null) return 'an unknown error (no reason was given)';
    if (!(value instanceof Error)) {
      return typeof value === 'string' ? value : safeJson(value);
    }
    if (seen.has(value) || depth > 5) return value.message || value.name;
    seen.add(value);
    const code = (value as Error & { code?: unknown }).code;
    const own =
      value.message ||
      (typeof code === 'string' || typeof code === 'number' ? String(code) : value.name);
    const withCode =
      (typeof code === 'string' || typeof code === 'number') && !own.includes(String(code))
        ? `${own} (${String(code)})`
        : own;
    const parts: string[] = [withCode];
    if (value instanceof AggregateError && value.errors.length > 0) {
      const inner = [...new Set(value.errors.map((e) => describe(e, depth + 1)))];
      parts.push(`[${inner.join('; ')}]`);
    }
    if (value.cause !== undefined) parts.push(`caused by: ${describe(value.cause, depth + 1)}`);
    return parts.join(' ');
  };
  return describe(error, 0);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

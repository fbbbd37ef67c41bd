/** Keys whose values must never reach the audit log, at any depth. */
const SECRET_KEY = /passw(or)?d|secret|token|hash|authorization|cookie|csrf|api_?key/i;
const MAX_DEPTH = 5;

/**
 * A copy of `details` without anything that looks like a credential: the audit log is read by
 * administrators and kept forever, so secrets are dropped here whatever the caller passes.
 */
export function sanitizeAuditDetails(details: unknown, depth = 0): Record<string, unknown> {
  if (details === null || typeof details !== 'object' || Array.isArray(details)) return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details as Record<string, unknown>)) {
    if (SECRET_KEY.test(key) || value === undefined) continue;
    out[key] = sanitizeValue(value, depth + 1);
  }
  return out;
}

function sanitizeValue(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) return '[truncated]';
  if (Array.isArray(value)) return value.map((item) => sanitizeValue(item, depth + 1));
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') return sanitizeAuditDetails(value, depth);
  if (typeof value === 'string' && value.length > 500) return `${value.slice(0, 500)}…`;
  return value;
}

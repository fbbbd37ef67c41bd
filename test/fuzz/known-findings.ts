/**
 * Hostile inputs the suite is known to turn into a failure (a 5xx, a body that is not
 * problem+json, or a change on a rejected request) whose fix is under way. Each entry keeps
 * its generator out of the run for the operations it names, so the suite stays green while
 * the finding is open; remove the entry with the fix, and the generator runs again.
 *
 * `operation` is `METHOD /path` as in openapi.json, or `*` for every operation;
 * `kind` is the generator's name (see hostile-inputs.ts).
 */
export interface KnownFinding {
  operation: string;
  kind: string;
  issue: string;
}

export const KNOWN_FINDINGS: KnownFinding[] = [];

export function isKnownFinding(operation: string, kind: string): boolean {
  return KNOWN_FINDINGS.some(
    (f) => f.kind === kind && (f.operation === '*' || f.operation === operation),
  );
}

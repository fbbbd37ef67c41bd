import { parseDocument, isScalar, isPair, visit } from 'yaml';

/** Names of settings whose values are secrets (not the URLs, lifetimes or files about them). */
const SECRET_NAME_PATTERN = /secret|password|passwd|token|_key$|^key$|api_?key|private/i;
const NOT_A_SECRET = /_(url|ttl|file|seconds|timeout)$/i;
const SECRET_NAME = {
  test: (name: string) => SECRET_NAME_PATTERN.test(name) && !NOT_A_SECRET.test(name),
};

function addValue(found: Set<string>, raw: string): void {
  // Compose interpolation: ${NAME}, ${NAME:?message} and ${NAME?message} hold no value;
  // ${NAME:-default} and ${NAME-default} do (the default is published).
  const withoutInterpolation = raw.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(:?[-?])?([^}]*)\}/g, '');
  for (const match of raw.matchAll(/\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}/g)) {
    if (match[1].trim()) found.add(match[1].trim());
  }
  const value = withoutInterpolation.trim().replace(/^(['"])(.*)\1$/, '$2');
  if (value) found.add(value);
}

/** Passwords inside URLs (postgres://user:password@host). */
function addUrlPasswords(found: Set<string>, text: string): void {
  for (const match of text.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:([^\s@/]+)@/gi)) {
    if (!match[1].startsWith('${')) found.add(match[1]);
  }
}

/**
 * Every secret-looking value of a docker-compose file: the value of a setting named like a
 * secret (SECRET_KEY, POSTGRES_PASSWORD, ...), a default inside its ${...}, and passwords in
 * URLs. Used by the test that proves each is refused.
 */
export function secretsInCompose(text: string): string[] {
  const found = new Set<string>();
  visit(parseDocument(text), {
    Pair(_key, pair) {
      if (!isPair(pair) || !isScalar(pair.key) || !isScalar(pair.value)) return;
      const name = String(pair.key.value);
      const value = String(pair.value.value);
      if (SECRET_NAME.test(name)) addValue(found, value);
      addUrlPasswords(found, value);
    },
    Scalar(_key, node) {
      // List items such as `- SECRET_KEY=value`
      const text = String(node.value);
      const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(text);
      if (assignment && SECRET_NAME.test(assignment[1])) addValue(found, assignment[2]);
    },
  });
  return [...found];
}

/** Every secret-looking value of an env file, commented-out examples included. */
export function secretsInEnvFile(text: string): string[] {
  const found = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const assignment = /^\s*#?\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!assignment) continue;
    if (SECRET_NAME.test(assignment[1])) addValue(found, assignment[2]);
    addUrlPasswords(found, assignment[2]);
  }
  return [...found];
}

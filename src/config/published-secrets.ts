/**
 * Secret values that are, or were, written in this repository (the former development
 * fallbacks of the source, the former docker-compose.yml values, and keys used by tests). They
 * are public forever through the history, so no environment may sign with them: loadConfig
 * refuses each as SECRET_KEY or JWT_SECRET_KEY. A test reads docker-compose.yml and
 * .env.example and fails when a secret-looking value there is not refused; add any such value
 * here (better: do not commit one).
 */
export const PUBLISHED_SECRETS: readonly string[] = [
  'dev-only-secret-key-change-me-0000000000',
  'dev-only-jwt-secret-change-me-000000000000',
  'local-compose-secret-key-change-me-000000',
  'local-compose-jwt-secret-change-me-0000000',
  'another-secret-another-secret-another-secret',
];

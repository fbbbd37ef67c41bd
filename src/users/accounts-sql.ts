/**
 * For other modules' read-only SQL (the session checks of auth, the demo accounts' link in
 * students): the accounts as a subquery to alias, so that only the users module names its table.
 * Columns: id, email, role, is_active, email_verified.
 */
export const ACCOUNTS = '(SELECT id, email, role, is_active, email_verified FROM users)';

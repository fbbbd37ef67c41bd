import { FieldError } from '../../common/errors/domain-error';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export interface PasswordPolicyContext {
  /** The account's email: the password may not be the email or its local part. */
  email?: string;
  /** The common-password list (lower-case); see `commonPasswords()`. */
  common: ReadonlySet<string>;
}

/** Length in characters as people count them (code points), not UTF-16 units. */
function characterCount(value: string): number {
  let count = 0;
  for (const _ of value) count += 1;
  return count;
}

/**
 * The password rules, after NIST SP 800-63B: 8 to 128 characters, any characters, no
 * composition rules, and not a commonly used or obvious password. Returns the problems (empty
 * when acceptable) for the given field. Passwords are never truncated or altered.
 */
export function checkPasswordPolicy(
  password: string,
  context: PasswordPolicyContext,
  field = 'password',
): FieldError[] {
  const length = characterCount(password);
  if (length < PASSWORD_MIN_LENGTH) {
    return [{ field, message: `must be at least ${PASSWORD_MIN_LENGTH} characters long` }];
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return [{ field, message: `must be at most ${PASSWORD_MAX_LENGTH} characters long` }];
  }
  const lower = password.toLowerCase();
  if (context.common.has(lower) || context.common.has(lower.trim())) {
    return [{ field, message: 'is too common; choose a less guessable password' }];
  }
  if (context.email) {
    const email = context.email.toLowerCase();
    const local = email.split('@')[0];
    if (lower === email || (local.length > 0 && lower === local)) {
      return [{ field, message: 'must not be your email address' }];
    }
  }
  if (new Set(password).size === 1) {
    return [{ field, message: 'must not repeat a single character' }];
  }
  return [];
}

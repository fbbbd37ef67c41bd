import type { User } from './entities/user.entity';

/** Why an account's sessions end when an administrator changes it. */
export type AccountChangeReason = 'role_changed' | 'deactivated';

/**
 * What the auth module (the owner of passwords' hashing, sessions and emailed tokens) does for
 * accounts that users creates and changes; registered with UsersCredentials at start-up.
 */
export interface AccountCredentials {
  /** Throws a validation error when the password breaks the policy. */
  assertAcceptable(password: string, email: string): void;
  hash(password: string): Promise<string>;
  /** Issues a verification token and queues the verification mail, in the current transaction. */
  requestVerification(user: User): Promise<void>;
  /** Ends every session of the account, in the current transaction; returns how many were live. */
  endSessions(userId: string, reason: AccountChangeReason): Promise<number>;
}

import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import * as argon2 from 'argon2';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';
import { ValidationFailedError } from '../../common/errors/validation-failed.error';
import { ARGON2_PARAMS, isHashOutdated } from './argon2-params';
import { commonPasswords } from './common-passwords';
import { checkPasswordPolicy } from './password-policy';
import { PasswordHashingBusyError } from '../auth.errors';
import { Semaphore, SemaphoreFullError } from './semaphore';

/**
 * argon2id hashing and verification, at most `argon2MaxConcurrency` at a time so that a burst
 * of logins cannot take every worker thread from the rest of the service, with at most
 * `argon2MaxQueue` waiting: past that a caller is refused at once (503 with Retry-After), so an
 * anonymous flood cannot queue work without bound.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private readonly semaphore: Semaphore;
  /** A hash of a random password with the current parameters, for unknown-account logins. */
  private dummyHash: Promise<string> | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.semaphore = new Semaphore(config.argon2MaxConcurrency, config.argon2MaxQueue);
  }

  onModuleInit(): void {
    commonPasswords();
    this.dummyHash = this.hash(`dummy-${Math.random().toString(36)}-${Date.now()}`);
  }

  /** Throws a 400 naming `field` when the password breaks the policy. */
  assertAcceptable(password: string, email?: string, field = 'password'): void {
    const problems = checkPasswordPolicy(password, { email, common: commonPasswords() }, field);
    if (problems.length > 0) throw new ValidationFailedError(problems);
  }

  hash(password: string): Promise<string> {
    return this.bounded(() => argon2.hash(password, { ...ARGON2_PARAMS, type: argon2.argon2id }));
  }

  async verify(hash: string, password: string): Promise<boolean> {
    return this.bounded(async () => {
      try {
        return await argon2.verify(hash, password);
      } catch {
        // A malformed stored hash never matches.
        return false;
      }
    });
  }

  /** The same work as a real verification, for an account that does not exist. */
  async verifyAgainstDummy(password: string): Promise<false> {
    this.dummyHash ??= this.hash('dummy-password-for-timing');
    await this.verify(await this.dummyHash, password);
    return false;
  }

  needsRehash(hash: string): boolean {
    return isHashOutdated(hash);
  }

  private async bounded<T>(task: () => Promise<T>): Promise<T> {
    try {
      return await this.semaphore.run(task);
    } catch (error: unknown) {
      if (error instanceof SemaphoreFullError) throw new PasswordHashingBusyError();
      throw error;
    }
  }
}

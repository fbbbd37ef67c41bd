import { Injectable } from '@nestjs/common';
import type { AccountCredentials } from './account-credentials';

/**
 * Where the auth module registers its AccountCredentials, so that accounts are created and
 * changed without users importing auth. Using it before registration is a programming error.
 */
@Injectable()
export class UsersCredentials {
  private registered: AccountCredentials | null = null;

  register(credentials: AccountCredentials): void {
    this.registered = credentials;
  }

  get credentials(): AccountCredentials {
    if (!this.registered) {
      throw new Error('No AccountCredentials registered: import AuthCoreModule in the app');
    }
    return this.registered;
  }
}

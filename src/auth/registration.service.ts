import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import type { Role } from '../common/auth/role';
import { UnauthenticatedError } from '../common/errors/common.errors';
import type { UserWithStudent } from '../users';
import { AccountCreationService } from '../users/account-creation.service';
import { AccessTokensService } from './access-tokens.service';
import { RoleRequiresAdministratorError } from './auth.errors';
import { SessionsService } from './sessions/sessions.service';

export interface RegisterInput {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  role?: Role;
}

/** Registration: students sign themselves up; other roles are registered by an administrator. */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly creation: AccountCreationService,
    private readonly accessTokens: AccessTokensService,
    private readonly sessions: SessionsService,
  ) {}

  /**
   * Public registration makes students. Another role needs `bearerToken` to be a live
   * administrator's access token. The account stays unverified until the emailed link is used.
   */
  async register(input: RegisterInput, bearerToken: string | undefined): Promise<UserWithStudent> {
    const role = input.role ?? 'student';
    const actor = role === 'student' ? null : await this.administratorOf(bearerToken);
    return this.creation.create(
      {
        email: input.email,
        password: input.password,
        firstName: input.firstName,
        lastName: input.lastName,
        role,
        emailVerified: false,
      },
      { actor, auditAction: 'auth.register' },
    );
  }

  /** The live administrator behind the access token; refused otherwise. */
  private async administratorOf(bearerToken: string | undefined): Promise<AuthenticatedUser> {
    const actor = bearerToken ? await this.callerOf(bearerToken) : null;
    if (!actor) {
      if (bearerToken) throw new UnauthenticatedError('The access token is invalid or expired.');
      throw new RoleRequiresAdministratorError();
    }
    if (actor.role !== 'administrator') throw new RoleRequiresAdministratorError();
    return actor;
  }

  /** The live caller behind an access token, or null. */
  private async callerOf(accessToken: string): Promise<AuthenticatedUser | null> {
    const claims = await this.accessTokens.verify(accessToken);
    return claims ? this.sessions.findLiveCaller(claims.sub, claims.sid) : null;
  }
}

import { Injectable } from '@nestjs/common';
import type { UserWithStudent } from '../users';
import type { User } from '../users/entities/user.entity';
import { UsersService } from '../users/users.service';
import { AccessTokensService } from './access-tokens.service';
import type { IssuedSession } from './sessions/sessions.service';

/** A new token pair and the user it is for. */
export interface LoginResult {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  sessionExpiresAt: Date;
  user: UserWithStudent;
}

/** Turns a started or rotated session into the token pair the client gets. */
@Injectable()
export class TokenPairIssuer {
  constructor(
    private readonly users: UsersService,
    private readonly accessTokens: AccessTokensService,
  ) {}

  async issue(user: User, session: IssuedSession): Promise<LoginResult> {
    return {
      accessToken: await this.accessTokens.sign(user, session.sessionId),
      refreshToken: session.refreshToken,
      expiresIn: this.accessTokens.ttlSeconds,
      sessionExpiresAt: session.expiresAt,
      user: { user, studentId: await this.users.studentIdOf(user.id) },
    };
  }
}

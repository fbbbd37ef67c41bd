import { Injectable } from '@nestjs/common';
import { UnauthenticatedError } from '../common/errors/common.errors';
import { UsersService } from '../users/users.service';
import { SessionsService } from './sessions/sessions.service';
import { LoginResult, TokenPairIssuer } from './token-pair-issuer';

/** Refresh: a single-use refresh token is exchanged for a new pair. */
@Injectable()
export class TokenRefreshService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly tokenPairs: TokenPairIssuer,
  ) {}

  /** Spends the refresh token and returns a new pair (see SessionsService.rotate). */
  async refresh(refreshToken: string): Promise<LoginResult> {
    const rotated = await this.sessions.rotate(refreshToken);
    const user = await this.users.findById(rotated.user.id);
    if (!user) throw new UnauthenticatedError('The account no longer exists.');
    return this.tokenPairs.issue(user, rotated);
  }
}

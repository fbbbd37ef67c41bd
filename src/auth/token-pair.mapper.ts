import { toUserResponse } from '../users/dto/to-user-response';
import type { LoginResult } from './token-pair-issuer';
import { TokenPairResponseDto } from './dto/token-pair-response.dto';

export function toTokenPairResponse(result: LoginResult): TokenPairResponseDto {
  return {
    access_token: result.accessToken,
    refresh_token: result.refreshToken,
    token_type: 'Bearer',
    expires_in: result.expiresIn,
    user: toUserResponse(result.user.user, result.user.studentId),
  };
}

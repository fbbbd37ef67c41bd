import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** Optional body of refresh and logout: the refresh token, for clients that keep it themselves. */
export class RefreshTokenDto {
  @ApiPropertyOptional({
    description:
      'The refresh token. Alternatives: `Authorization: Bearer <refresh_token>` (refresh only), or the HttpOnly cookie plus the `x-csrf-token` header.',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  refresh_token?: string;
}

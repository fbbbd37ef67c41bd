import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** Optional body of refresh and logout: the refresh token, for clients that keep it themselves. */
export class RefreshTokenDto {
  @ApiPropertyOptional({
    example: 'rt_4f9d2c7a1b8e4d3f9a6c5b2e1d0f8a7c',
    description:
      'The refresh token. Alternatives: `Authorization: Bearer <refresh_token>` (refresh only), or the HttpOnly cookie plus the `x-csrf-token` header.',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  refresh_token?: string;
}

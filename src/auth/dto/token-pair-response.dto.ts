import { ApiProperty } from '@nestjs/swagger';
import { UserResponseDto } from '../../users/dto/user-response.dto';

/** The answer of login and refresh. */
export class TokenPairResponseDto {
  @ApiProperty({ description: 'JWT access token (Authorization: Bearer), short-lived.' })
  access_token!: string;

  @ApiProperty({
    description:
      'Opaque refresh token, usable once: each refresh returns a new one. Also set as an HttpOnly cookie.',
  })
  refresh_token!: string;

  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  token_type!: 'Bearer';

  @ApiProperty({ example: 900, description: 'Seconds until the access token expires.' })
  expires_in!: number;

  @ApiProperty({ type: UserResponseDto })
  user!: UserResponseDto;
}

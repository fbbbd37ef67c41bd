import { ApiProperty } from '@nestjs/swagger';
import { UserResponseDto } from '../../users/dto/user-response.dto';
import { apiEnum } from '../../common/http/api-enum';

/** The answer of login and refresh. */
export class TokenPairResponseDto {
  @ApiProperty({
    example: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI1YjBmN2YwZSJ9.c2lnbmF0dXJl',
    description: 'JWT access token (Authorization: Bearer), short-lived.',
  })
  access_token!: string;

  @ApiProperty({
    example: 'rt_4f9d2c7a1b8e4d3f9a6c5b2e1d0f8a7c',
    description:
      'Opaque refresh token, usable once: each refresh returns a new one. Also set as an HttpOnly cookie.',
  })
  refresh_token!: string;

  @ApiProperty({
    ...apiEnum('TokenType', ['Bearer'], 'How to send the access token: Authorization: Bearer.'),
    example: 'Bearer',
  })
  token_type!: 'Bearer';

  @ApiProperty({ example: 900, description: 'Seconds until the access token expires.' })
  expires_in!: number;

  @ApiProperty({ type: UserResponseDto })
  user!: UserResponseDto;
}

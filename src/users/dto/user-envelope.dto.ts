import { ApiProperty } from '@nestjs/swagger';
import { UserResponseDto } from './user-response.dto';

/** `{ user }`, as registration and email verification answer. */
export class UserEnvelopeDto {
  @ApiProperty({ type: UserResponseDto })
  user!: UserResponseDto;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** `{ token }` from an email. */
export class TokenDto {
  @ApiProperty({ example: 'q3c1bS0m9x2-ZkQv7oYyJ4n8dF5aW6eR1tU0iO9pL2s' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class ChangePasswordDto {
  @ApiProperty({ example: 'my old passphrase' })
  @IsString()
  @MaxLength(1024)
  current_password!: string;

  @ApiProperty({ example: 'a new long passphrase', minLength: 8, maxLength: 128 })
  @IsString()
  @MaxLength(1024)
  new_password!: string;
}

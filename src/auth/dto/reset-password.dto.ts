import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { TokenDto } from './token.dto';

export class ResetPasswordDto extends TokenDto {
  @ApiProperty({ example: 'a new long passphrase', minLength: 8, maxLength: 128 })
  @IsString()
  @MaxLength(1024)
  password!: string;
}

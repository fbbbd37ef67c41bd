import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { IsAccountEmail } from '../../users/dto/user-input.decorators';

export class LoginDto {
  @ApiProperty({ example: 'admin@school.edu' })
  @IsAccountEmail()
  email!: string;

  @ApiProperty({ example: 'Admin123!' })
  @IsString()
  @MaxLength(1024)
  password!: string;
}

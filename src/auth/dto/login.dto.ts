import { ApiProperty } from '@nestjs/swagger';
import { IsAccountEmail, IsPasswordInput } from '../../users/dto/user-input.decorators';

export class LoginDto {
  @ApiProperty({ example: 'admin@school.edu' })
  @IsAccountEmail()
  email!: string;

  @ApiProperty({ example: 'Admin123!' })
  @IsPasswordInput()
  password!: string;
}

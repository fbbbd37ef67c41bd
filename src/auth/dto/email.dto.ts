import { ApiProperty } from '@nestjs/swagger';
import { IsAccountEmail } from '../../users/dto/user-input.decorators';

/** `{ email }`: resend verification, forgot password. */
export class EmailDto {
  @ApiProperty({ example: 'jane.doe@school.edu' })
  @IsAccountEmail()
  email!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsPasswordInput, NewPasswordField } from '../../users/dto/user-input.decorators';

export class ChangePasswordDto {
  @ApiProperty({ example: 'my old passphrase' })
  @IsPasswordInput()
  current_password!: string;

  @NewPasswordField('a new long passphrase')
  new_password!: string;
}

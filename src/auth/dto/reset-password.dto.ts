import { NewPasswordField } from '../../users/dto/user-input.decorators';
import { TokenDto } from './token.dto';

export class ResetPasswordDto extends TokenDto {
  @NewPasswordField('a new long passphrase')
  password!: string;
}

import { ApiProperty } from '@nestjs/swagger';

/** A usable password-reset token: what the reset link opens. */
export class ResetTokenStatusDto {
  @ApiProperty({ example: true })
  valid!: true;

  @ApiProperty({
    example: '2025-03-14T10:26:53.000Z',
    description: 'When the token stops working.',
  })
  expires_at!: string;

  @ApiProperty({
    example: 'Send this token with the new password to POST /api/auth/reset-password.',
  })
  message!: string;
}

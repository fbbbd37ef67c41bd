import { ApiProperty } from '@nestjs/swagger';

/** The one answer of requests that must not reveal whether an account exists. */
export class AcceptedResponseDto {
  @ApiProperty({ example: 'accepted' })
  status!: 'accepted';

  @ApiProperty({
    example: 'If an account with this email can receive it, an email is on its way.',
  })
  message!: string;
}

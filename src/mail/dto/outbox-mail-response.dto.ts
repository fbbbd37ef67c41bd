import { ApiProperty } from '@nestjs/swagger';
import { MAIL_KIND_ENUM, MAIL_STATUS_ENUM, type MailKind, type MailStatus } from '../mail-values';

/** A mail of the outbox, without its body (which may hold a one-time token). */
export class OutboxMailResponseDto {
  @ApiProperty({ format: 'uuid', example: '3f0c9a7e-2b1d-4c5e-8f6a-9b0c1d2e3f4a' })
  id!: string;

  @ApiProperty({ ...MAIL_KIND_ENUM, example: 'email_verification' })
  kind!: MailKind;

  @ApiProperty({ example: 'jane.doe@school.example' })
  recipient!: string;

  @ApiProperty({ example: 'Confirm your email address for Student Performance' })
  subject!: string;

  @ApiProperty({ ...MAIL_STATUS_ENUM, example: 'failed' })
  status!: MailStatus;

  @ApiProperty({ example: 8, description: 'Tries so far.' })
  attempts!: number;

  @ApiProperty({
    example: '2025-03-14T09:31:53.000Z',
    description: 'When a pending mail is tried next.',
  })
  next_attempt_at!: string;

  @ApiProperty({
    example: 'connect ECONNREFUSED 127.0.0.1:25',
    nullable: true,
    type: String,
    description: 'Why the last try failed.',
  })
  last_error!: string | null;

  @ApiProperty({ example: null, nullable: true, type: String })
  sent_at!: string | null;

  @ApiProperty({ example: '2025-03-14T09:26:53.000Z' })
  created_at!: string;

  @ApiProperty({ example: '2025-03-14T10:30:12.000Z' })
  updated_at!: string;

  @ApiProperty({
    example: true,
    description:
      'Whether the body is still stored (a failed mail can be retried only while it is; bodies are erased once sent, and 24 hours after a mail was given up).',
  })
  has_body!: boolean;
}

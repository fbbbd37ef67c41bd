import { ApiProperty } from '@nestjs/swagger';

/** A message to the current user. */
export class NotificationResponseDto {
  @ApiProperty({ type: String, format: 'uuid', example: '3b8f2f0e-6a55-4d0b-9a7c-0d9a1f2e3c4b' })
  id!: string;

  @ApiProperty({
    description: 'What happened, e.g. `alert_opened` (an alert was raised about you).',
    example: 'alert_opened',
  })
  type!: string;

  @ApiProperty({ example: 'New high alert: High-risk prediction' })
  title!: string;

  @ApiProperty({
    example: 'High-risk prediction: risk level is high (predicted exam score 55.2).',
  })
  message!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Machine-readable details; for `alert_opened`: `alert_id`, `student_id`, `severity`, `rule_id`.',
    example: {
      alert_id: '9a7c3b8f-2f0e-4d0b-6a55-0d9a1f2e3c4b',
      student_id: 'STU0001',
      severity: 'high',
      rule_id: '0d9a1f2e-3c4b-4d0b-9a7c-3b8f2f0e6a55',
    },
  })
  data!: Record<string, unknown>;

  @ApiProperty({ description: 'Whether it has been read.', example: false })
  read!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  read_at!: string | null;

  @ApiProperty({ type: String, format: 'date-time', example: '2025-06-20T09:00:00.000Z' })
  created_at!: string;
}

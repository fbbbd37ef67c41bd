import { ApiProperty } from '@nestjs/swagger';

/** A message sent to the student's account. */
export class ExportedNotificationDto {
  @ApiProperty({ example: '5b0f7f0e-6a0c-4d55-9b1e-1f0c2b8f4a11', type: String, format: 'uuid' })
  id!: string;
  @ApiProperty({ type: String, example: 'alert_opened' }) type!: string;
  @ApiProperty({ type: String, example: 'New alert' }) title!: string;
  @ApiProperty({ type: String, example: 'A new alert was raised about your results.' })
  message!: string;
  @ApiProperty({
    example: { alert_id: '0c9d7b7e-3f7a-4d0e-8a59-2b8f3c1d9e20' },
    type: 'object',
    additionalProperties: true,
  })
  data!: Record<string, unknown>;
  @ApiProperty({ example: null, type: String, format: 'date-time', nullable: true }) read_at!:
    string | null;
  @ApiProperty({ example: '2025-09-15T10:30:00.000Z', type: String, format: 'date-time' })
  created_at!: string;
}

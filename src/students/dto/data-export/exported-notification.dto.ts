import { ApiProperty } from '@nestjs/swagger';

/** A message sent to the student's account. */
export class ExportedNotificationDto {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, example: 'alert_raised' }) type!: string;
  @ApiProperty({ type: String, example: 'New alert' }) title!: string;
  @ApiProperty({ type: String, example: 'A new alert was raised about your results.' })
  message!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) read_at!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) created_at!: string;
}

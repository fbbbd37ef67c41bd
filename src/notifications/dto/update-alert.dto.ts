import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { ALERT_STATUSES, ALERT_STATUS_ENUM, type AlertStatusValue } from '../alert-values';

/** A staff member works an alert: acknowledges it, resolves it, or reopens it. */
export class UpdateAlertDto {
  @ApiProperty({ ...ALERT_STATUS_ENUM, example: 'acknowledged' })
  @IsIn(ALERT_STATUSES, { message: `status must be one of ${ALERT_STATUSES.join(', ')}` })
  status!: AlertStatusValue;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 2000,
    description: 'Replaces the note (null clears it; omitted keeps it).',
    example: 'Spoke with the student on Monday.',
  })
  @IsOptional()
  @ValidateIf((_o, value) => value !== null)
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import {
  INTERVENTION_STATUSES,
  INTERVENTION_STATUS_ENUM,
  type InterventionStatus,
} from '../alert-values';

export class CreateInterventionDto {
  @ApiProperty({
    maxLength: 50,
    description: 'A short kind, e.g. tutoring, parent_meeting, counselling.',
    example: 'tutoring',
  })
  @IsString()
  @MaxLength(50)
  @Matches(/\S/, { message: 'type must not be blank' })
  type!: string;

  @ApiProperty({ maxLength: 5000, example: 'Two extra maths sessions a week until the exam.' })
  @IsString()
  @MaxLength(5000)
  @Matches(/\S/, { message: 'description must not be blank' })
  description!: string;

  @ApiPropertyOptional({ ...INTERVENTION_STATUS_ENUM, default: 'planned' })
  @IsOptional()
  @IsIn(INTERVENTION_STATUSES, {
    message: `status must be one of ${INTERVENTION_STATUSES.join(', ')}`,
  })
  status?: InterventionStatus;

  @ApiPropertyOptional({ type: String, format: 'date', example: '2025-07-01' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'due_date must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'due_date must be a valid date' })
  due_date?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    description: 'An alert about the same student that this answers (else 422).',
    example: '9a7c3b8f-2f0e-4d0b-8a55-0d9a1f2e3c4b',
  })
  @IsOptional()
  @IsUUID('all', { message: 'alert_id must be a UUID' })
  alert_id?: string;
}

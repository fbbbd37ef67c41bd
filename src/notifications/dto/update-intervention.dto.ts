import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import {
  INTERVENTION_STATUSES,
  INTERVENTION_STATUS_ENUM,
  type InterventionStatus,
} from '../alert-values';

/** A partial update: only the fields given change (null clears due_date or outcome). */
export class UpdateInterventionDto {
  @ApiPropertyOptional({ ...INTERVENTION_STATUS_ENUM, example: 'completed' })
  @IsOptional()
  @IsIn(INTERVENTION_STATUSES, {
    message: `status must be one of ${INTERVENTION_STATUSES.join(', ')}`,
  })
  status?: InterventionStatus;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 5000,
    example: 'Scored 68 in the mock exam.',
  })
  @IsOptional()
  @ValidateIf((_o, value) => value !== null)
  @IsString()
  @MaxLength(5000)
  outcome?: string | null;

  @ApiPropertyOptional({ maxLength: 5000, example: 'Three sessions a week.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  @Matches(/\S/, { message: 'description must not be blank' })
  description?: string;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2025-07-15' })
  @IsOptional()
  @ValidateIf((_o, value) => value !== null)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'due_date must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'due_date must be a valid date' })
  due_date?: string | null;
}

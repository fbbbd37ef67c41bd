import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDefined, IsISO8601, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { type NumberRange, numberInRange } from '../../common/validation/number-in-range';
import { EXAM_SCORE, FACTOR_RANGES } from '../factor-catalogue';

const trim = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value,
);
const optionalNullable = ValidateIf((_o, value) => value !== undefined && value !== null);

/**
 * A number of the record within its range: exam_score is required, the factors may be omitted
 * or null (unknown for the period).
 */
function RecordNumber(
  field: 'exam_score' | 'attendance' | 'hours_studied' | 'previous_scores',
  range: NumberRange,
  doc: { description: string; example: number },
): PropertyDecorator {
  const required = field === 'exam_score';
  return applyDecorators(
    ApiProperty({
      type: Number,
      ...doc,
      minimum: range.min,
      maximum: range.max,
      required,
      ...(required ? {} : { nullable: true }),
    }),
    required ? IsDefined({ message: `${field} is required` }) : optionalNullable,
    ...numberInRange(field, range),
  );
}

/** One result in a student's history. */
export class CreatePerformanceRecordDto {
  @ApiPropertyOptional({
    type: String,
    description: 'When the result was obtained (ISO 8601); now when omitted.',
    format: 'date-time',
    example: '2025-06-20T09:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'recorded_at must be an ISO 8601 date-time' })
  recorded_at?: string;

  @ApiPropertyOptional({
    type: String,
    description: 'Term or period label.',
    example: '2024-25 T3',
    maxLength: 50,
    nullable: true,
  })
  @optionalNullable
  @trim
  @IsString({ message: 'term must be a string' })
  @MaxLength(50, { message: 'term must be at most 50 characters' })
  term?: string | null;

  @RecordNumber('exam_score', EXAM_SCORE, {
    description: 'Exam score obtained (0–105: extra credit can exceed 100).',
    example: 71,
  })
  exam_score!: number;

  @RecordNumber('attendance', FACTOR_RANGES.attendance, {
    description: 'Attendance % over the period.',
    example: 88,
  })
  attendance?: number | null;

  @RecordNumber('hours_studied', FACTOR_RANGES.hours_studied, {
    description: 'Weekly hours studied over the period.',
    example: 20,
  })
  hours_studied?: number | null;

  @RecordNumber('previous_scores', FACTOR_RANGES.previous_scores, {
    description: 'Score in the previous exams at the time.',
    example: 68,
  })
  previous_scores?: number | null;

  @ApiPropertyOptional({
    type: String,
    description: 'Free-text notes.',
    example: 'Retook after illness.',
    maxLength: 2000,
    nullable: true,
  })
  @optionalNullable
  @IsString({ message: 'notes must be a string' })
  @MaxLength(2000, { message: 'notes must be at most 2000 characters' })
  notes?: string | null;
}

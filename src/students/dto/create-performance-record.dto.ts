import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsDefined,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { EXAM_SCORE, FACTOR_RANGES } from '../factor-catalogue';

const trim = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value,
);
const finite = { allowNaN: false, allowInfinity: false };
const optionalNullable = ValidateIf((_o, value) => value !== undefined && value !== null);

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

  @ApiProperty({
    type: Number,
    description: 'Exam score obtained (0–105: extra credit can exceed 100).',
    minimum: EXAM_SCORE.min,
    maximum: EXAM_SCORE.max,
    example: 71,
  })
  @IsDefined({ message: 'exam_score is required' })
  @IsNumber(finite, { message: 'exam_score must be a number' })
  @Min(EXAM_SCORE.min, { message: `exam_score must be at least ${EXAM_SCORE.min}` })
  @Max(EXAM_SCORE.max, { message: `exam_score must be at most ${EXAM_SCORE.max}` })
  exam_score!: number;

  @ApiPropertyOptional({
    type: Number,
    description: 'Attendance % over the period.',
    minimum: FACTOR_RANGES.attendance.min,
    maximum: FACTOR_RANGES.attendance.max,
    example: 88,
    nullable: true,
  })
  @optionalNullable
  @IsNumber(finite, { message: 'attendance must be a number' })
  @Min(FACTOR_RANGES.attendance.min, {
    message: `attendance must be at least ${FACTOR_RANGES.attendance.min}`,
  })
  @Max(FACTOR_RANGES.attendance.max, {
    message: `attendance must be at most ${FACTOR_RANGES.attendance.max}`,
  })
  attendance?: number | null;

  @ApiPropertyOptional({
    type: Number,
    description: 'Weekly hours studied over the period.',
    minimum: FACTOR_RANGES.hours_studied.min,
    maximum: FACTOR_RANGES.hours_studied.max,
    example: 20,
    nullable: true,
  })
  @optionalNullable
  @IsNumber(finite, { message: 'hours_studied must be a number' })
  @Min(FACTOR_RANGES.hours_studied.min, {
    message: `hours_studied must be at least ${FACTOR_RANGES.hours_studied.min}`,
  })
  @Max(FACTOR_RANGES.hours_studied.max, {
    message: `hours_studied must be at most ${FACTOR_RANGES.hours_studied.max}`,
  })
  hours_studied?: number | null;

  @ApiPropertyOptional({
    type: Number,
    description: 'Score in the previous exams at the time.',
    minimum: FACTOR_RANGES.previous_scores.min,
    maximum: FACTOR_RANGES.previous_scores.max,
    example: 68,
    nullable: true,
  })
  @optionalNullable
  @IsNumber(finite, { message: 'previous_scores must be a number' })
  @Min(FACTOR_RANGES.previous_scores.min, {
    message: `previous_scores must be at least ${FACTOR_RANGES.previous_scores.min}`,
  })
  @Max(FACTOR_RANGES.previous_scores.max, {
    message: `previous_scores must be at most ${FACTOR_RANGES.previous_scores.max}`,
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

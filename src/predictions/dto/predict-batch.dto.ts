import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNotEmpty,
  IsString,
  MaxLength,
  ValidateBy,
  ValidationOptions,
} from 'class-validator';

export const MAX_BATCH_STUDENTS = 10_000;

/** The id as ids are compared: whatever the case (anything else as it is). */
function comparable(item: unknown): unknown {
  return typeof item === 'string' ? item.toLowerCase() : item;
}

/**
 * No student id twice, whatever the case (`S1` and `s1` are one student); class-validator's
 * ArrayUnique compares every pair: slow for 10,000.
 */
function DistinctStudentIds(options: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'distinctStudentIds',
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) && new Set(value.map(comparable)).size === value.length,
      },
    },
    options,
  );
}

/** The students to predict, by student id. */
export class PredictBatchDto {
  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: MAX_BATCH_STUDENTS,
    uniqueItems: true,
    description: `1 to ${MAX_BATCH_STUDENTS.toLocaleString('en')} distinct student ids, matched whatever the case (\`S1\` and \`s1\` are the same id).`,
    example: ['STU0001', 'STU0002'],
  })
  @IsArray({ message: 'student_ids must be an array of student ids' })
  @ArrayMinSize(1, { message: 'student_ids must name at least one student' })
  @ArrayMaxSize(MAX_BATCH_STUDENTS, {
    message: `student_ids may name at most ${MAX_BATCH_STUDENTS} students per request`,
  })
  @DistinctStudentIds({ message: 'student_ids must not repeat an id' })
  @IsString({ each: true, message: 'each student id must be a string' })
  @IsNotEmpty({ each: true, message: 'student ids must not be empty' })
  @MaxLength(40, { each: true, message: 'each student id must be at most 40 characters' })
  student_ids!: string[];
}

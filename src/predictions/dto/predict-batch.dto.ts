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

/** No value twice (class-validator's ArrayUnique compares every pair: slow for 10,000). */
function DistinctItems(options: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'distinctItems',
      validator: {
        validate: (value: unknown) => Array.isArray(value) && new Set(value).size === value.length,
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
    description: `1 to ${MAX_BATCH_STUDENTS.toLocaleString('en')} distinct student ids.`,
    example: ['STU0001', 'STU0002'],
  })
  @IsArray({ message: 'student_ids must be an array of student ids' })
  @ArrayMinSize(1, { message: 'student_ids must name at least one student' })
  @ArrayMaxSize(MAX_BATCH_STUDENTS, {
    message: `student_ids may name at most ${MAX_BATCH_STUDENTS} students per request`,
  })
  @DistinctItems({ message: 'student_ids must not repeat an id' })
  @IsString({ each: true, message: 'each student id must be a string' })
  @IsNotEmpty({ each: true, message: 'student ids must not be empty' })
  @MaxLength(40, { each: true, message: 'each student id must be at most 40 characters' })
  student_ids!: string[];
}

import { ApiProperty } from '@nestjs/swagger';
import { PredictionResultDto } from './prediction-result.dto';

/** A stored prediction for a student. */
export class StudentPredictionDto extends PredictionResultDto {
  @ApiProperty({
    example: '0c9d7b7e-3f7a-4d0e-8a59-2b8f3c1d9e20',
    format: 'uuid',
    description: 'Id of the stored prediction.',
  })
  id!: string;

  @ApiProperty({ example: 'STU0001' })
  student_id!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-25T12:00:00.000Z' })
  prediction_date!: string;
}

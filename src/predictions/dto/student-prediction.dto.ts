import { ApiProperty } from '@nestjs/swagger';
import { PredictionResultDto } from './prediction-result.dto';

/** A stored prediction for a student. */
export class StudentPredictionDto extends PredictionResultDto {
  @ApiProperty({ format: 'uuid', description: 'Id of the stored prediction.' })
  id!: string;

  @ApiProperty({ example: 'STU0001' })
  student_id!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-25T12:00:00.000Z' })
  prediction_date!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { StudentPredictionDto } from './student-prediction.dto';

/** A stored prediction with the factors it was made from. */
export class PredictionHistoryItemDto extends StudentPredictionDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The 19 factors as they were when the prediction was made.',
    example: { hours_studied: 23, attendance: 84, gender: 'Female' },
  })
  input_snapshot!: Record<string, unknown>;
}

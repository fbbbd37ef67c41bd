import { ApiProperty } from '@nestjs/swagger';
import { StudentPredictionDto } from './student-prediction.dto';

/** Predictions for every requested student that exists, in request order. */
export class BatchPredictionResponseDto {
  @ApiProperty({
    example: 'rf-20261125-75675e25',
    description: 'The model version that made every prediction of the batch.',
  })
  model_version!: string;

  @ApiProperty({ type: [StudentPredictionDto] })
  predictions!: StudentPredictionDto[];

  @ApiProperty({
    type: [String],
    description: 'Requested ids with no student profile (in any case), as sent.',
    example: ['STU9999'],
  })
  not_found!: string[];
}

import { ApiProperty } from '@nestjs/swagger';
import { RecommendationDto } from './recommendation.dto';

/** The student's current recommendations (stored; earlier ones are superseded). */
export class StudentRecommendationsResponseDto {
  @ApiProperty({ example: 'STU0001' })
  student_id!: string;

  @ApiProperty({ example: 'rf-20261125-75675e25' })
  model_version!: string;

  @ApiProperty({ description: 'The current predicted exam score.', example: 66.64 })
  predicted_score!: number;

  @ApiProperty({
    type: [RecommendationDto],
    description: 'Best change per factor, largest expected gain first (at most 5; may be empty).',
  })
  recommendations!: RecommendationDto[];
}

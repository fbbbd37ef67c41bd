import { ApiProperty } from '@nestjs/swagger';
import { DemographicDimensionsDto } from './demographic-dimensions.dto';

/** `GET /api/analytics/demographics`. */
export class DemographicsResponseDto {
  @ApiProperty({ description: 'Students matching the filters.', example: 6607 })
  students!: number;

  @ApiProperty({ description: 'Of those, students with a known exam score.', example: 6378 })
  with_exam_score!: number;

  @ApiProperty({ type: DemographicDimensionsDto })
  dimensions!: DemographicDimensionsDto;
}

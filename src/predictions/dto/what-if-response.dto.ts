import { ApiProperty } from '@nestjs/swagger';
import { PredictionResultDto } from './prediction-result.dto';
import { FACTOR_NAME_ENUM } from './api-enums';

/** The student as is and with the changes, predicted by the same model; nothing is stored. */
export class WhatIfResponseDto {
  @ApiProperty({ example: 'STU0001' })
  student_id!: string;

  @ApiProperty({ example: 'rf-20261125-75675e25' })
  model_version!: string;

  @ApiProperty({ type: PredictionResultDto, description: 'The current factors.' })
  baseline!: PredictionResultDto;

  @ApiProperty({ type: PredictionResultDto, description: 'The factors with the changes applied.' })
  scenario!: PredictionResultDto;

  @ApiProperty({
    description: 'scenario.predicted_score − baseline.predicted_score (points).',
    example: 2.35,
  })
  delta!: number;

  @ApiProperty({
    ...FACTOR_NAME_ENUM,
    isArray: true,
    description: 'Factors whose value differs from the current one.',
    example: ['hours_studied'],
  })
  changed!: string[];
}

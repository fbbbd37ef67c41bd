import { ApiProperty } from '@nestjs/swagger';
import { FACTOR_NAME_ENUM } from './api-enums';

/** One factor's share of a prediction (path attribution over the forest's trees). */
export class TopFactorDto {
  @ApiProperty({ ...FACTOR_NAME_ENUM, example: 'attendance' })
  feature!: string;

  @ApiProperty({
    description:
      "The student's value of the factor (number, category, boolean, or null when unknown).",
    // null (an unknown category) is allowed on one branch only, so it matches exactly one.
    oneOf: [{ type: 'number' }, { type: 'string' }, { type: 'boolean', nullable: true }],
    example: 84,
  })
  value!: number | string | boolean | null;

  @ApiProperty({
    description:
      'Points this factor moves the prediction away from the average training score (positive raises it).',
    example: 1.932,
  })
  contribution!: number;
}

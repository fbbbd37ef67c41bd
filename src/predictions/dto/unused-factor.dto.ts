import { ApiProperty } from '@nestjs/swagger';
import { FACTOR_NAME_ENUM } from './api-enums';

/** A factor the model did not use for a prediction: its value is not one the model learnt. */
export class UnusedFactorDto {
  @ApiProperty({ ...FACTOR_NAME_ENUM, example: 'gender' })
  feature!: string;

  @ApiProperty({ description: "The student's value of the factor.", example: 'Non-binary' })
  value!: string;

  @ApiProperty({
    description:
      'Why the factor was not used and how the prediction treats it: the model averages over the values it learnt, weighted by their shares of the training students.',
    example:
      'gender not used: Non-binary is not one of the values the model learnt (Male, Female); the prediction averages over them, weighted by their shares of the training students (Male 0.574, Female 0.426).',
  })
  reason!: string;
}

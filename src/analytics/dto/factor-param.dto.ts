import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { FACTOR_NAMES } from '../analytics-factors';

/** `/api/analytics/factors/{factor}`: one of the 19 factor names (else 404 `unknown_factor`). */
export class FactorParamDto {
  @ApiProperty({
    enum: FACTOR_NAMES,
    description: 'One of the 19 factors (snake_case, as in student profiles).',
    example: 'hours_studied',
  })
  @IsString()
  @MaxLength(100)
  factor!: string;
}

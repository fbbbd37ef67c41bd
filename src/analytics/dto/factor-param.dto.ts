import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { apiEnumParameter } from '../../common/http/api-enum';
import { FACTOR_NAME_ENUM } from '../../predictions/dto/api-enums';

/** `/api/analytics/factors/{factor}`: one of the 19 factor names (else 404 `unknown_factor`). */
export class FactorParamDto {
  @ApiProperty({
    ...apiEnumParameter(FACTOR_NAME_ENUM),
    description: 'One of the 19 factors (snake_case, as in student profiles).',
    example: 'hours_studied',
  })
  @IsString()
  @MaxLength(100)
  factor!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { GENDER_VALUES } from '../../students/factor-catalogue';
import { DemographicGroupDto } from './demographic-group.dto';

const dimension = (description: string) =>
  ApiProperty({ type: [DemographicGroupDto], description });

/**
 * Each dimension lists every known value in its natural order (zero counts included), then
 * `Unknown` when some students have no value.
 */
export class DemographicDimensionsDto {
  @dimension(`${GENDER_VALUES.values.join(', ')}: each its own group.`)
  gender!: DemographicGroupDto[];
  @dimension('Public, Private.') school_type!: DemographicGroupDto[];
  @dimension('Low, Medium, High.') family_income!: DemographicGroupDto[];
  @dimension('High School, College, Postgraduate, then Unknown.')
  parental_education_level!: DemographicGroupDto[];
  @dimension('Near, Moderate, Far, then Unknown.') distance_from_home!: DemographicGroupDto[];
  @dimension('Yes, No.') internet_access!: DemographicGroupDto[];
  @dimension('Yes, No.') learning_disabilities!: DemographicGroupDto[];
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { apiEnumParameter } from '../../common/http/api-enum';
import {
  DistanceFromHome,
  factorNamed,
  Gender,
  Level,
  ParentalEducationLevel,
  PeerInfluence,
  SchoolType,
} from '../factor-catalogue';
import type { StudentFilters } from '../student-filters';
import { factorApiEnum } from './factor-api-enum';

/** `a,b` or repeated `?x=a&x=b` → `['a', 'b']`. */
const toList = Transform(({ value }: { value: unknown }) => {
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  return items.flatMap((item) =>
    typeof item === 'string'
      ? item
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part !== '')
      : [item],
  );
});

/** `true`/`false` → boolean; anything else is left as is and fails validation. */
const toBoolean = Transform(({ value }: { value: unknown }) => {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
});

/** A numeric query parameter; text that is not a number becomes NaN and fails validation. */
const toNumber = Transform(({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  return text === '' || !/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text)
    ? Number.NaN
    : Number(text);
});

/** An enum filter on the category factor of the same name. */
function EnumFilter(): PropertyDecorator {
  return (target, key) => {
    const factor = factorNamed(String(key));
    if (factor?.kind !== 'category') throw new Error(`${String(key)} is not a category factor`);
    const named = factorApiEnum(factor.valueSet);
    const values = named.enum;
    const name = factor.label;
    ApiPropertyOptional({
      description: `Only students whose ${name} is one of these (comma-separated or repeated).`,
      ...apiEnumParameter(named, true),
      example: [values[0]],
    })(target, key);
    IsOptional()(target, key);
    toList(target, key);
    IsIn(values, { each: true, message: `${String(key)} must be one of: ${values.join(', ')}` })(
      target,
      key,
    );
  };
}

function BooleanFilter(name: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ description: `Only students with this ${name}.`, type: Boolean })(
      target,
      key,
    );
    IsOptional()(target, key);
    toBoolean(target, key);
    IsBoolean({ message: `${String(key)} must be true or false` })(target, key);
  };
}

function RangeFilter(description: string, example: number): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ description, type: Number, example })(target, key);
    IsOptional()(target, key);
    toNumber(target, key);
    IsNumber(
      { allowNaN: false, allowInfinity: false },
      { message: `${String(key)} must be a number` },
    )(target, key);
    // Far outside every field's range, and inside PostgreSQL's integer (1e300 is a 400).
    Min(-RANGE_FILTER_BOUND)(target, key);
    Max(RANGE_FILTER_BOUND)(target, key);
  };
}

const RANGE_FILTER_BOUND = 1_000_000;

/**
 * The filters of the students list, reused by analytics and export ("the same filters as the
 * students list"): free-text search, every enum field, the three booleans and min_/max_ of
 * every numeric field. Pass it to `studentFilterSql(filters, alias, params)`.
 */
export class StudentFilterDto implements StudentFilters {
  @ApiPropertyOptional({
    description: 'Case-insensitive match on first name, last name, full name or student id.',
    example: 'STU00',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @EnumFilter() gender?: Gender[];
  @EnumFilter() parental_involvement?: Level[];
  @EnumFilter() access_to_resources?: Level[];
  @EnumFilter() motivation_level?: Level[];
  @EnumFilter() family_income?: Level[];
  @EnumFilter() teacher_quality?: Level[];
  @EnumFilter() school_type?: SchoolType[];
  @EnumFilter() peer_influence?: PeerInfluence[];
  @EnumFilter()
  parental_education_level?: ParentalEducationLevel[];
  @EnumFilter()
  distance_from_home?: DistanceFromHome[];

  @BooleanFilter('extracurricular activities value') extracurricular_activities?: boolean;
  @BooleanFilter('internet access value') internet_access?: boolean;
  @BooleanFilter('learning disabilities value') learning_disabilities?: boolean;

  @RangeFilter('Minimum weekly hours studied (inclusive).', 10) min_hours_studied?: number;
  @RangeFilter('Maximum weekly hours studied (inclusive).', 30) max_hours_studied?: number;
  @RangeFilter('Minimum attendance % (inclusive).', 70) min_attendance?: number;
  @RangeFilter('Maximum attendance % (inclusive).', 100) max_attendance?: number;
  @RangeFilter('Minimum sleep hours (inclusive).', 6) min_sleep_hours?: number;
  @RangeFilter('Maximum sleep hours (inclusive).', 9) max_sleep_hours?: number;
  @RangeFilter('Minimum previous score (inclusive).', 50) min_previous_scores?: number;
  @RangeFilter('Maximum previous score (inclusive).', 100) max_previous_scores?: number;
  @RangeFilter('Minimum tutoring sessions (inclusive).', 0) min_tutoring_sessions?: number;
  @RangeFilter('Maximum tutoring sessions (inclusive).', 4) max_tutoring_sessions?: number;
  @RangeFilter('Minimum weekly physical activity (inclusive).', 0) min_physical_activity?: number;
  @RangeFilter('Maximum weekly physical activity (inclusive).', 6) max_physical_activity?: number;
  @RangeFilter('Minimum exam score (inclusive; excludes unknown scores).', 60)
  min_exam_score?: number;
  @RangeFilter('Maximum exam score (inclusive; excludes unknown scores).', 65)
  max_exam_score?: number;
  @RangeFilter('Minimum age (inclusive; excludes unknown ages).', 14) min_age?: number;
  @RangeFilter('Maximum age (inclusive; excludes unknown ages).', 18) max_age?: number;
}

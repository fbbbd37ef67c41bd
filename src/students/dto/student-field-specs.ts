import type { ApiEnum } from '../../common/http/api-enum';
import {
  DISTANCE_FROM_HOME_ENUM,
  GENDER_ENUM,
  LEVEL_ENUM,
  PARENTAL_EDUCATION_LEVEL_ENUM,
  PEER_INFLUENCE_ENUM,
  RANGES,
  SCHOOL_TYPE_ENUM,
} from '../student-factor-ranges';
import type { WritableField } from '../student-fields';

interface BaseSpec {
  description: string;
  example: unknown;
  /** May be null (unknown). */
  nullable: boolean;
}
interface NumberSpec extends BaseSpec {
  kind: 'number';
  min: number;
  max: number;
  integer: boolean;
}
interface EnumSpec extends BaseSpec {
  kind: 'enum';
  values: readonly string[];
  /** The named OpenAPI schema of the values. */
  apiEnum: ApiEnum;
}
interface BooleanSpec extends BaseSpec {
  kind: 'boolean';
}
interface TextSpec extends BaseSpec {
  kind: 'name' | 'email';
  maxLength: number;
}
export type StudentFieldSpec = NumberSpec | EnumSpec | BooleanSpec | TextSpec;

const number = (
  range: { min: number; max: number },
  description: string,
  example: number,
  options: { integer?: boolean; nullable?: boolean } = {},
): NumberSpec => ({
  kind: 'number',
  min: range.min,
  max: range.max,
  integer: options.integer ?? false,
  nullable: options.nullable ?? false,
  description,
  example,
});
const oneOf = (
  named: ApiEnum,
  description: string,
  example: string,
  nullable = false,
): EnumSpec => ({
  kind: 'enum',
  values: named.enum,
  apiEnum: named,
  description,
  example,
  nullable,
});
const yesNo = (description: string, example: boolean): BooleanSpec => ({
  kind: 'boolean',
  description,
  example,
  nullable: false,
});

/**
 * One description per writable field: its type, range or values, and its documentation. The
 * create and update DTOs and the response DTO are all built from it, so they cannot disagree.
 */
export const STUDENT_FIELD_SPECS: Readonly<Record<WritableField, StudentFieldSpec>> = {
  first_name: {
    kind: 'name',
    maxLength: 100,
    nullable: false,
    description: 'Given name.',
    example: 'Ada',
  },
  last_name: {
    kind: 'name',
    maxLength: 100,
    nullable: false,
    description: 'Family name.',
    example: 'Lovelace',
  },
  email: {
    kind: 'email',
    maxLength: 254,
    nullable: true,
    description: 'Contact email (stored lower-cased); not necessarily the login email.',
    example: 'ada.lovelace@school.edu',
  },
  age: number(RANGES.age, 'Age in years.', 16, { integer: true, nullable: true }),
  gender: oneOf(GENDER_ENUM, 'Gender.', 'Female'),
  hours_studied: number(RANGES.hours_studied, 'Hours studied per week.', 23),
  attendance: number(RANGES.attendance, 'Percentage of classes attended.', 84),
  parental_involvement: oneOf(LEVEL_ENUM, 'Parental involvement.', 'Medium'),
  access_to_resources: oneOf(LEVEL_ENUM, 'Access to educational resources.', 'High'),
  extracurricular_activities: yesNo('Takes part in extracurricular activities.', true),
  sleep_hours: number(RANGES.sleep_hours, 'Average hours of sleep per night.', 7),
  previous_scores: number(RANGES.previous_scores, 'Score in previous exams (0–100).', 73),
  motivation_level: oneOf(LEVEL_ENUM, 'Motivation level.', 'Medium'),
  internet_access: yesNo('Has internet access at home.', true),
  tutoring_sessions: number(RANGES.tutoring_sessions, 'Tutoring sessions per month.', 1, {
    integer: true,
  }),
  family_income: oneOf(LEVEL_ENUM, 'Family income level.', 'Medium'),
  teacher_quality: oneOf(LEVEL_ENUM, 'Teacher quality; null when unknown.', 'Medium', true),
  school_type: oneOf(SCHOOL_TYPE_ENUM, 'School type.', 'Public'),
  peer_influence: oneOf(PEER_INFLUENCE_ENUM, 'Peer influence.', 'Positive'),
  physical_activity: number(RANGES.physical_activity, 'Hours of physical activity per week.', 3),
  learning_disabilities: yesNo('Has a learning disability.', false),
  parental_education_level: oneOf(
    PARENTAL_EDUCATION_LEVEL_ENUM,
    'Highest parental education level; null when unknown.',
    'College',
    true,
  ),
  distance_from_home: oneOf(
    DISTANCE_FROM_HOME_ENUM,
    'Distance from home to school; null when unknown.',
    'Near',
    true,
  ),
  exam_score: number(
    RANGES.exam_score,
    'Latest exam score; null while unknown. Up to 105: extra credit can exceed 100.',
    67,
    { nullable: true },
  ),
};

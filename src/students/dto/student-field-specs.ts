import type { ApiEnum } from '../../common/http/api-enum';
import { AGE_RANGE, EXAM_SCORE, type Factor, FACTORS } from '../factor-catalogue';
import type { WritableField } from '../student-fields';
import { factorApiEnum } from './factor-api-enum';

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

/** The spec of a factor, from the catalogue. */
function factorSpec(factor: Factor): StudentFieldSpec {
  const description = `${factor.description}${factor.nullable ? '; null when unknown' : ''}.`;
  const base = { description, example: factor.example, nullable: factor.nullable };
  switch (factor.kind) {
    case 'numeric':
      return { ...base, kind: 'number', min: factor.min, max: factor.max, integer: factor.integer };
    case 'boolean':
      return { ...base, kind: 'boolean' };
    case 'category': {
      const named = factorApiEnum(factor.valueSet);
      return { ...base, kind: 'enum', values: named.enum, apiEnum: named };
    }
  }
}

const FACTOR_SPECS = Object.fromEntries(FACTORS.map((f) => [f.name, factorSpec(f)]));

/**
 * One description per writable field: its type, range or values, and its documentation. The
 * create and update DTOs and the response DTO are all built from it, so they cannot disagree.
 * The factors come from the factor catalogue; the identity fields, age and score are here.
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
  age: {
    kind: 'number',
    ...AGE_RANGE,
    integer: true,
    nullable: true,
    description: 'Age in years.',
    example: 16,
  },
  ...(FACTOR_SPECS as Record<(typeof FACTORS)[number]['name'], StudentFieldSpec>),
  exam_score: {
    kind: 'number',
    min: EXAM_SCORE.min,
    max: EXAM_SCORE.max,
    integer: false,
    nullable: true,
    description: 'Latest exam score; null while unknown. Up to 105: extra credit can exceed 100.',
    example: 67,
  },
};

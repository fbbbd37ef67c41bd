import type { StudentProfile } from '../students/entities/student-profile.entity';
import { FACTORS } from '../students/factor-catalogue';
import { FEATURE_NAMES, StudentFactors } from './ml';

/** The 19 model factors of a profile, under their API names (the catalogue maps each). */
export function profileFactors(p: StudentProfile): StudentFactors {
  const entity = p as unknown as Record<string, unknown>;
  const factors: Record<string, unknown> = {};
  for (const factor of FACTORS) factors[factor.name] = entity[factor.property];
  return factors as unknown as StudentFactors;
}

/**
 * The factors of a raw `student_profiles` row selected with its snake_case column names (which
 * are the factor names): only the 19 factors are kept, in feature order.
 */
export function rowFactors(row: Record<string, unknown>): StudentFactors {
  const factors: Record<string, unknown> = {};
  for (const name of FEATURE_NAMES) factors[name] = row[name];
  return factors as unknown as StudentFactors;
}

import { Check } from 'typeorm';
import { type Factor, FACTORS } from '../factor-catalogue';

/** A CHECK constraint of student_profiles: its name and its SQL expression. */
export interface FactorCheck {
  name: string;
  expression: string;
}

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** The CHECK that keeps a factor's column within the catalogue's range or values. */
export function factorCheck(factor: Factor): FactorCheck | null {
  const column = `"${factor.name}"`;
  let allowed: string;
  switch (factor.kind) {
    case 'numeric':
      allowed = `${column} BETWEEN ${factor.min} AND ${factor.max}`;
      break;
    case 'category':
      allowed = `${column} IN (${factor.valueSet.values.map(literal).join(', ')})`;
      break;
    case 'boolean':
      return null;
  }
  return {
    name: `student_profiles_${factor.name}_check`,
    expression: factor.nullable ? `${column} IS NULL OR ${allowed}` : allowed,
  };
}

/** The CHECKs of every ranged or enumerated factor, in catalogue order. */
export const FACTOR_CHECKS: readonly FactorCheck[] = FACTORS.flatMap((f) => {
  const check = factorCheck(f);
  return check ? [check] : [];
});

/** Declares FACTOR_CHECKS on an entity, as `@Check` would one by one. */
export function FactorChecks(): ClassDecorator {
  return (target) => {
    for (const { name, expression } of FACTOR_CHECKS) Check(name, expression)(target);
  };
}

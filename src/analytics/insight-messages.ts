import {
  NO,
  UNKNOWN_VALUE,
  YES,
  type GroupedFactor,
  type NumericFactor,
} from './analytics-factors';

/** Points with 2 decimals, or 3 when smaller than 0.1 so a small effect does not read as 0. */
export function formatPoints(value: number): string {
  return Math.abs(value) < 0.1 ? value.toFixed(3) : value.toFixed(2);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The students of one group, in words: "students with High parental involvement". */
export function groupPhrase(spec: GroupedFactor, value: string): string {
  if (value === UNKNOWN_VALUE) return `students with unknown ${spec.label}`;
  if (spec.kind === 'boolean') {
    if (value === YES) return `students with ${spec.label}`;
    if (value === NO) return `students without ${spec.label}`;
  }
  switch (spec.name) {
    case 'gender':
      // "Male students", "Non-binary students"; a value that is not a gender reads as one.
      return value === 'Not stated' ? 'students whose gender is not stated' : `${value} students`;
    case 'school_type':
      return `students at ${value} schools`;
    case 'parental_education_level':
    case 'distance_from_home':
      return `students whose ${spec.label} is ${value}`;
    default:
      return `students with ${value} ${spec.label}`;
  }
}

/**
 * "Each additional hour studied per week goes with an exam score 0.29 points higher on average
 * (correlation 0.445)."
 */
export function correlationMessage(
  spec: NumericFactor,
  slope: number,
  correlation: number,
): string {
  const direction = slope < 0 ? 'lower' : 'higher';
  return (
    `Each additional ${spec.unit} goes with an exam score ${formatPoints(Math.abs(slope))} points ` +
    `${direction} on average (correlation ${correlation.toFixed(3)}).`
  );
}

/**
 * "Students with High parental involvement score 1.70 points higher on average than students
 * with Low parental involvement (68.09 vs 66.39)."
 */
export function groupGapMessage(
  spec: GroupedFactor,
  higher: { value: string; mean: number },
  lower: { value: string; mean: number },
): string {
  const gap = higher.mean - lower.mean;
  return (
    `${capitalize(groupPhrase(spec, higher.value))} score ${formatPoints(gap)} points higher on average ` +
    `than ${groupPhrase(spec, lower.value)} (${higher.mean.toFixed(2)} vs ${lower.mean.toFixed(2)}).`
  );
}

import { FactorName, FactorValue, Level, LEVELS, StudentFactors } from './student-factors';

/**
 * Changes the recommendation helper may suggest. Only factors a student, the school or
 * the family can realistically act on are listed; demographic and background factors
 * (IMMUTABLE_FACTORS) are never changed, nor are past results or factors outside the
 * student's control (previous_scores, teacher_quality, peer_influence).
 */
export const ACTIONABLE_FACTORS = [
  'hours_studied',
  'attendance',
  'sleep_hours',
  'tutoring_sessions',
  'physical_activity',
  'extracurricular_activities',
  'motivation_level',
  'access_to_resources',
  'internet_access',
  'parental_involvement',
] as const satisfies readonly FactorName[];
export type ActionableFactor = (typeof ACTIONABLE_FACTORS)[number];

export const IMMUTABLE_FACTORS = [
  'gender',
  'family_income',
  'learning_disabilities',
  'parental_education_level',
  'distance_from_home',
  'school_type',
] as const satisfies readonly FactorName[];

/** Who would carry the change out. */
export type Lever = 'student' | 'school' | 'family';

export interface Intervention<F extends ActionableFactor = ActionableFactor> {
  readonly id: string;
  readonly factor: F;
  readonly lever: Lever;
  readonly description: string;
  /** The factor's new value for this student, or null when the change does not apply. */
  apply(current: StudentFactors): StudentFactors[F] | null;
}

const increase =
  (
    factor: 'hours_studied' | 'attendance' | 'tutoring_sessions' | 'physical_activity',
    step: number,
    cap: number,
  ) =>
  (s: StudentFactors): number | null =>
    s[factor] < cap ? Math.min(cap, s[factor] + step) : null;

const levelUp = (level: Level): Level | null => {
  const i = LEVELS.indexOf(level);
  return i < LEVELS.length - 1 ? LEVELS[i + 1] : null;
};

/** Checks `apply` against the factor's own type. */
const intervention = <F extends ActionableFactor>(i: Intervention<F>): Intervention => i;

/** Default catalogue (caps keep changes realistic; documented in the model card). */
export const DEFAULT_INTERVENTIONS: readonly Intervention[] = [
  intervention({
    id: 'study_5_more_hours',
    factor: 'hours_studied',
    lever: 'student',
    description: 'Study 5 more hours per week (at most 60)',
    apply: increase('hours_studied', 5, 60),
  }),
  intervention({
    id: 'study_10_more_hours',
    factor: 'hours_studied',
    lever: 'student',
    description: 'Study 10 more hours per week (at most 60)',
    apply: increase('hours_studied', 10, 60),
  }),
  intervention({
    id: 'attend_5_points_more',
    factor: 'attendance',
    lever: 'student',
    description: 'Raise attendance by 5 percentage points (at most 100%)',
    apply: increase('attendance', 5, 100),
  }),
  intervention({
    id: 'attend_10_points_more',
    factor: 'attendance',
    lever: 'student',
    description: 'Raise attendance by 10 percentage points (at most 100%)',
    apply: increase('attendance', 10, 100),
  }),
  intervention({
    id: 'sleep_7_to_9_hours',
    factor: 'sleep_hours',
    lever: 'student',
    description: 'Sleep 7 to 9 hours per night',
    apply: (s) => (s.sleep_hours < 7 ? 7 : s.sleep_hours > 9 ? 9 : null),
  }),
  intervention({
    id: 'one_more_tutoring_session',
    factor: 'tutoring_sessions',
    lever: 'school',
    description: 'One more tutoring session per month (at most 8)',
    apply: increase('tutoring_sessions', 1, 8),
  }),
  intervention({
    id: 'two_more_tutoring_sessions',
    factor: 'tutoring_sessions',
    lever: 'school',
    description: 'Two more tutoring sessions per month (at most 8)',
    apply: increase('tutoring_sessions', 2, 8),
  }),
  intervention({
    id: 'one_more_hour_of_exercise',
    factor: 'physical_activity',
    lever: 'student',
    description: 'One more hour of physical activity per week (at most 6)',
    apply: increase('physical_activity', 1, 6),
  }),
  intervention({
    id: 'join_extracurricular',
    factor: 'extracurricular_activities',
    lever: 'student',
    description: 'Take part in an extracurricular activity',
    apply: (s) => (s.extracurricular_activities ? null : true),
  }),
  intervention({
    id: 'mentoring_for_motivation',
    factor: 'motivation_level',
    lever: 'school',
    description: 'Mentoring to raise motivation by one level',
    apply: (s) => levelUp(s.motivation_level),
  }),
  intervention({
    id: 'more_learning_resources',
    factor: 'access_to_resources',
    lever: 'school',
    description: 'Provide learning resources (one level more access)',
    apply: (s) => levelUp(s.access_to_resources),
  }),
  intervention({
    id: 'internet_access',
    factor: 'internet_access',
    lever: 'school',
    description: 'Provide internet access',
    apply: (s) => (s.internet_access ? null : true),
  }),
  intervention({
    id: 'parental_involvement',
    factor: 'parental_involvement',
    lever: 'family',
    description: 'Involve parents more (one level)',
    apply: (s) => levelUp(s.parental_involvement),
  }),
];

/** The student with the intervention applied, or null when it does not apply. */
export function applyIntervention(
  current: StudentFactors,
  intervention: Intervention,
): StudentFactors | null {
  const value: FactorValue | null = intervention.apply(current);
  if (value === null || value === current[intervention.factor]) return null;
  return { ...current, [intervention.factor]: value };
}

/** The model card's recommendations section: the interventions offered and the factors never changed. */
export function cardRecommendations() {
  return {
    interventions: DEFAULT_INTERVENTIONS.map(({ id, factor, lever, description }) => ({
      id,
      factor,
      lever,
      description,
    })),
    neverChanged: [...IMMUTABLE_FACTORS],
  };
}

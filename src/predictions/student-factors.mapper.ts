import type { StudentProfile } from '../students/entities/student-profile.entity';
import { FEATURE_NAMES, StudentFactors } from './ml';

/** The 19 model factors of a profile, under their API names. */
export function profileFactors(p: StudentProfile): StudentFactors {
  return {
    hours_studied: p.hoursStudied,
    attendance: p.attendance,
    parental_involvement: p.parentalInvolvement,
    access_to_resources: p.accessToResources,
    extracurricular_activities: p.extracurricularActivities,
    sleep_hours: p.sleepHours,
    previous_scores: p.previousScores,
    motivation_level: p.motivationLevel,
    internet_access: p.internetAccess,
    tutoring_sessions: p.tutoringSessions,
    family_income: p.familyIncome,
    teacher_quality: p.teacherQuality,
    school_type: p.schoolType,
    peer_influence: p.peerInfluence,
    physical_activity: p.physicalActivity,
    learning_disabilities: p.learningDisabilities,
    parental_education_level: p.parentalEducationLevel,
    distance_from_home: p.distanceFromHome,
    gender: p.gender,
  };
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

/** `s.hours_studied, s.attendance, ...`: the factor columns of `student_profiles` aliased `alias`. */
export function factorColumns(alias: string): string {
  return FEATURE_NAMES.map((name) => `${alias}."${name}"`).join(', ');
}

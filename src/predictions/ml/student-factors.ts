/**
 * The 19 factors describing one student, as the API exposes them.
 * Field names are the snake_case API names; this shape is what both the
 * training pipeline and the serving layer feed into the encoder.
 */

export const LEVELS = ['Low', 'Medium', 'High'] as const;
export type Level = (typeof LEVELS)[number];

export const SCHOOL_TYPES = ['Public', 'Private'] as const;
export type SchoolType = (typeof SCHOOL_TYPES)[number];

export const PEER_INFLUENCES = ['Negative', 'Neutral', 'Positive'] as const;
export type PeerInfluence = (typeof PEER_INFLUENCES)[number];

export const PARENTAL_EDUCATION_LEVELS = ['High School', 'College', 'Postgraduate'] as const;
export type ParentalEducationLevel = (typeof PARENTAL_EDUCATION_LEVELS)[number];

export const DISTANCES_FROM_HOME = ['Near', 'Moderate', 'Far'] as const;
export type DistanceFromHome = (typeof DISTANCES_FROM_HOME)[number];

export const GENDERS = ['Male', 'Female'] as const;
export type Gender = (typeof GENDERS)[number];

export interface StudentFactors {
  hours_studied: number;
  attendance: number;
  parental_involvement: Level;
  access_to_resources: Level;
  extracurricular_activities: boolean;
  sleep_hours: number;
  previous_scores: number;
  motivation_level: Level;
  internet_access: boolean;
  tutoring_sessions: number;
  family_income: Level;
  teacher_quality: Level | null;
  school_type: SchoolType;
  peer_influence: PeerInfluence;
  physical_activity: number;
  learning_disabilities: boolean;
  parental_education_level: ParentalEducationLevel | null;
  distance_from_home: DistanceFromHome | null;
  gender: Gender;
}

export type FactorName = keyof StudentFactors;
export type FactorValue = StudentFactors[FactorName];

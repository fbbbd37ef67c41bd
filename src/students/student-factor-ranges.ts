import { apiEnum } from '../common/http/api-enum';

/**
 * Valid ranges and values of a student's factors, shared by the entity's CHECK constraints,
 * the DTO validation and the CSV import so all three agree.
 */
export const LEVELS = ['Low', 'Medium', 'High'] as const;
export type Level = (typeof LEVELS)[number];
export const GENDERS = ['Male', 'Female'] as const;
export type Gender = (typeof GENDERS)[number];
export const SCHOOL_TYPES = ['Public', 'Private'] as const;
export type SchoolType = (typeof SCHOOL_TYPES)[number];
export const PEER_INFLUENCES = ['Positive', 'Neutral', 'Negative'] as const;
export type PeerInfluence = (typeof PEER_INFLUENCES)[number];
export const PARENTAL_EDUCATION_LEVELS = ['High School', 'College', 'Postgraduate'] as const;
export type ParentalEducationLevel = (typeof PARENTAL_EDUCATION_LEVELS)[number];
export const DISTANCES = ['Near', 'Moderate', 'Far'] as const;
export type DistanceFromHome = (typeof DISTANCES)[number];

/** The value sets above as named OpenAPI schemas. */
export const LEVEL_ENUM = apiEnum(
  'Level',
  LEVELS,
  'A three-step level (parental involvement, access to resources, motivation, family income, teacher quality).',
);
export const GENDER_ENUM = apiEnum('Gender', GENDERS, 'Gender as recorded in the data set.');
export const SCHOOL_TYPE_ENUM = apiEnum('SchoolType', SCHOOL_TYPES, 'Public or private school.');
export const PEER_INFLUENCE_ENUM = apiEnum(
  'PeerInfluence',
  PEER_INFLUENCES,
  'Influence of peers on the student’s studies.',
);
export const PARENTAL_EDUCATION_LEVEL_ENUM = apiEnum(
  'ParentalEducationLevel',
  PARENTAL_EDUCATION_LEVELS,
  'Highest education level of the parents.',
);
export const DISTANCE_FROM_HOME_ENUM = apiEnum(
  'DistanceFromHome',
  DISTANCES,
  'Distance from home to school.',
);

export const RANGES = {
  age: { min: 5, max: 100 },
  hours_studied: { min: 0, max: 60 },
  attendance: { min: 0, max: 100 },
  sleep_hours: { min: 0, max: 24 },
  previous_scores: { min: 0, max: 100 },
  tutoring_sessions: { min: 0, max: 100 },
  physical_activity: { min: 0, max: 100 },
  /**
   * Exam scores may exceed 100 with extra credit: the data set itself holds a 101, and an
   * importer that rejected it would lose a real record.
   */
  exam_score: { min: 0, max: 105 },
} as const;

/** `STU0001` style: STU followed by at least four digits. */
export const STUDENT_ID_PATTERN = /^STU\d{4,}$/;

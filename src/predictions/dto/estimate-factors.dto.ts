import { PickType } from '@nestjs/swagger';
import { CreateStudentDto } from '../../students/dto/create-student.dto';

/**
 * All 19 factors of a (possibly hypothetical) student, validated exactly like the factor fields
 * of a new profile: the nullable ones (teacher_quality, parental_education_level,
 * distance_from_home) may be omitted or null when unknown.
 */
export class EstimateFactorsDto extends PickType(CreateStudentDto, [
  'hours_studied',
  'attendance',
  'parental_involvement',
  'access_to_resources',
  'extracurricular_activities',
  'sleep_hours',
  'previous_scores',
  'motivation_level',
  'internet_access',
  'tutoring_sessions',
  'family_income',
  'teacher_quality',
  'school_type',
  'peer_influence',
  'physical_activity',
  'learning_disabilities',
  'parental_education_level',
  'distance_from_home',
  'gender',
] as const) {}

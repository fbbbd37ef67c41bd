import type {
  DistanceFromHome,
  Gender,
  Level,
  ParentalEducationLevel,
  PeerInfluence,
  SchoolType,
} from '../factor-catalogue';
import { StudentField } from './student-field.decorator';

/**
 * A partial change to a profile (PUT and PATCH alike): only the fields given change. Students
 * may send only first_name, last_name and email; staff may send any field. student_id cannot
 * be changed.
 */
export class UpdateStudentDto {
  @StudentField('first_name', 'update') first_name?: string;
  @StudentField('last_name', 'update') last_name?: string;
  @StudentField('email', 'update') email?: string | null;
  @StudentField('age', 'update') age?: number | null;
  @StudentField('gender', 'update') gender?: Gender;
  @StudentField('hours_studied', 'update') hours_studied?: number;
  @StudentField('attendance', 'update') attendance?: number;
  @StudentField('parental_involvement', 'update') parental_involvement?: Level;
  @StudentField('access_to_resources', 'update') access_to_resources?: Level;
  @StudentField('extracurricular_activities', 'update') extracurricular_activities?: boolean;
  @StudentField('sleep_hours', 'update') sleep_hours?: number;
  @StudentField('previous_scores', 'update') previous_scores?: number;
  @StudentField('motivation_level', 'update') motivation_level?: Level;
  @StudentField('internet_access', 'update') internet_access?: boolean;
  @StudentField('tutoring_sessions', 'update') tutoring_sessions?: number;
  @StudentField('family_income', 'update') family_income?: Level;
  @StudentField('teacher_quality', 'update') teacher_quality?: Level | null;
  @StudentField('school_type', 'update') school_type?: SchoolType;
  @StudentField('peer_influence', 'update') peer_influence?: PeerInfluence;
  @StudentField('physical_activity', 'update') physical_activity?: number;
  @StudentField('learning_disabilities', 'update') learning_disabilities?: boolean;
  @StudentField('parental_education_level', 'update')
  parental_education_level?: ParentalEducationLevel | null;
  @StudentField('distance_from_home', 'update') distance_from_home?: DistanceFromHome | null;
  @StudentField('exam_score', 'update') exam_score?: number | null;
}

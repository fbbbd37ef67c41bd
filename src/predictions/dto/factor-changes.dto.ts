import { StudentField } from '../../students/dto/student-field.decorator';
import type {
  DistanceFromHome,
  Gender,
  Level,
  ParentalEducationLevel,
  PeerInfluence,
  SchoolType,
} from '../../students/student-factor-ranges';

/**
 * Hypothetical values for some of a student's 19 factors, with the same types and ranges as a
 * profile update; any other key is a 400. Only nullable factors may be set to null (unknown).
 */
export class FactorChangesDto {
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
  @StudentField('gender', 'update') gender?: Gender;
}

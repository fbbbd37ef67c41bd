import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import type {
  DistanceFromHome,
  Gender,
  Level,
  ParentalEducationLevel,
  PeerInfluence,
  SchoolType,
} from '../factor-catalogue';
import { STUDENT_ID_MAX_LENGTH, STUDENT_ID_PATTERN, STUDENT_ID_RULE } from '../student-id';
import { StudentField } from './student-field.decorator';

/** A new student profile: identity plus the 19 factors; student_id is generated when omitted. */
export class CreateStudentDto {
  @ApiPropertyOptional({
    description:
      "The school's own student id: 1 to 32 letters, digits, `-`, `_` or `.`, unique whatever the case (`S12345` and `s12345` are the same id, a 409 `student_id_taken`). Generated as `STU0001` (the next free number) when omitted.",
    example: '2024-0012',
    pattern: STUDENT_ID_PATTERN.source,
    minLength: 1,
    maxLength: STUDENT_ID_MAX_LENGTH,
  })
  @IsOptional()
  @IsString({ message: 'student_id must be a string' })
  @Matches(STUDENT_ID_PATTERN, { message: `student_id must be ${STUDENT_ID_RULE}` })
  student_id?: string;

  @StudentField('first_name', 'create') first_name!: string;
  @StudentField('last_name', 'create') last_name!: string;
  @StudentField('email', 'create') email?: string | null;
  @StudentField('age', 'create') age?: number | null;
  @StudentField('gender', 'create') gender!: Gender;
  @StudentField('hours_studied', 'create') hours_studied!: number;
  @StudentField('attendance', 'create') attendance!: number;
  @StudentField('parental_involvement', 'create') parental_involvement!: Level;
  @StudentField('access_to_resources', 'create') access_to_resources!: Level;
  @StudentField('extracurricular_activities', 'create') extracurricular_activities!: boolean;
  @StudentField('sleep_hours', 'create') sleep_hours!: number;
  @StudentField('previous_scores', 'create') previous_scores!: number;
  @StudentField('motivation_level', 'create') motivation_level!: Level;
  @StudentField('internet_access', 'create') internet_access!: boolean;
  @StudentField('tutoring_sessions', 'create') tutoring_sessions!: number;
  @StudentField('family_income', 'create') family_income!: Level;
  @StudentField('teacher_quality', 'create') teacher_quality?: Level | null;
  @StudentField('school_type', 'create') school_type!: SchoolType;
  @StudentField('peer_influence', 'create') peer_influence!: PeerInfluence;
  @StudentField('physical_activity', 'create') physical_activity!: number;
  @StudentField('learning_disabilities', 'create') learning_disabilities!: boolean;
  @StudentField('parental_education_level', 'create')
  parental_education_level?: ParentalEducationLevel | null;
  @StudentField('distance_from_home', 'create') distance_from_home?: DistanceFromHome | null;
  @StudentField('exam_score', 'create') exam_score?: number | null;
}

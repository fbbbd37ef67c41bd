import { ApiProperty } from '@nestjs/swagger';
import type {
  DistanceFromHome,
  Gender,
  Level,
  ParentalEducationLevel,
  PeerInfluence,
  SchoolType,
} from '../factor-catalogue';
import { StudentResponseField } from './student-field.decorator';

/** A student profile as the API returns it. */
export class StudentResponseDto {
  @ApiProperty({
    type: String,
    description:
      "Unique student id (whatever the case): the school's own (`2024-0012`, `S12345`), or `STU0001` as generated when none was given.",
    example: '2024-0012',
  })
  student_id!: string;

  @StudentResponseField('first_name') first_name!: string;
  @StudentResponseField('last_name') last_name!: string;
  @StudentResponseField('email') email!: string | null;
  @StudentResponseField('age') age!: number | null;
  @StudentResponseField('gender') gender!: Gender;
  @StudentResponseField('hours_studied') hours_studied!: number;
  @StudentResponseField('attendance') attendance!: number;
  @StudentResponseField('parental_involvement') parental_involvement!: Level;
  @StudentResponseField('access_to_resources') access_to_resources!: Level;
  @StudentResponseField('extracurricular_activities') extracurricular_activities!: boolean;
  @StudentResponseField('sleep_hours') sleep_hours!: number;
  @StudentResponseField('previous_scores') previous_scores!: number;
  @StudentResponseField('motivation_level') motivation_level!: Level;
  @StudentResponseField('internet_access') internet_access!: boolean;
  @StudentResponseField('tutoring_sessions') tutoring_sessions!: number;
  @StudentResponseField('family_income') family_income!: Level;
  @StudentResponseField('teacher_quality') teacher_quality!: Level | null;
  @StudentResponseField('school_type') school_type!: SchoolType;
  @StudentResponseField('peer_influence') peer_influence!: PeerInfluence;
  @StudentResponseField('physical_activity') physical_activity!: number;
  @StudentResponseField('learning_disabilities') learning_disabilities!: boolean;
  @StudentResponseField('parental_education_level')
  parental_education_level!: ParentalEducationLevel | null;
  @StudentResponseField('distance_from_home') distance_from_home!: DistanceFromHome | null;
  @StudentResponseField('exam_score') exam_score!: number | null;

  @ApiProperty({
    type: String,
    description: 'The linked user account, if any (its owner can read this profile).',
    format: 'uuid',
    nullable: true,
    example: '0b9f6a2e-6a8e-4c4e-9a53-2d7f3f7c1e11',
  })
  user_id!: string | null;

  @ApiProperty({ type: String, example: '2025-09-01T08:00:00.000Z' })
  created_at!: string;

  @ApiProperty({ type: String, example: '2025-09-15T10:30:00.000Z' })
  updated_at!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { apiEnum } from '../../common/http/api-enum';

const STAFF_ROLE_ENUM = apiEnum(
  'StaffRole',
  ['teacher', 'administrator'],
  'The roles that have a staff profile.',
);

/** A teacher's or administrator's profile with the identity of its account. */
export class StaffProfileResponseDto {
  @ApiProperty({ format: 'uuid', example: '3f2b8c1e-5d4a-4e7b-9c2d-1a2b3c4d5e6f' })
  user_id!: string;

  @ApiProperty({ example: 'teacher1@school.edu' })
  email!: string;

  @ApiProperty({ example: 'Maria' })
  first_name!: string;

  @ApiProperty({ example: 'Lopez' })
  last_name!: string;

  @ApiProperty({ ...STAFF_ROLE_ENUM, example: 'teacher' })
  role!: 'teacher' | 'administrator';

  @ApiProperty({ type: String, nullable: true, example: 'Mathematics' })
  department!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Teachers: subject or specialisation.',
    example: 'Algebra',
  })
  specialization!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Teachers: staff number.',
    example: 'T-1042',
  })
  employee_number!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Administrators: position.',
    example: null,
  })
  position!: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-09-01T08:00:00.000Z' })
  updated_at!: string;
}

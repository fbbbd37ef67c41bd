import type { StudentProfile } from '../entities/student-profile.entity';
import { FIELD_PROPERTY, WRITABLE_FIELDS } from '../student-fields';
import type { StudentResponseDto } from './student-response.dto';

/** The one mapping from a profile entity to its API shape. */
export function toStudentResponse(s: StudentProfile): StudentResponseDto {
  const fields: Record<string, unknown> = {};
  for (const field of WRITABLE_FIELDS) fields[field] = s[FIELD_PROPERTY[field]];
  return {
    student_id: s.studentId,
    ...(fields as Omit<StudentResponseDto, 'student_id' | 'user_id' | 'created_at' | 'updated_at'>),
    user_id: s.userId,
    created_at: s.createdAt.toISOString(),
    updated_at: s.updatedAt.toISOString(),
  };
}

import type { StudentProfile } from '../entities/student-profile.entity';
import { FIELD_PROPERTY, WRITABLE_FIELDS } from '../student-fields';
import type { StudentResponseDto } from './student-response.dto';

/** Each writable field of the API with the entity property it comes from, in API order. */
const FIELD_PAIRS = WRITABLE_FIELDS.map((field) => [field, FIELD_PROPERTY[field]] as const);

/**
 * The one mapping from a profile entity to its API shape: `student_id`, the writable fields in
 * their order, then `user_id` and the timestamps. Built in one object, property by property
 * (spreading a second object into it took twice as long with its serialization, on every read).
 */
export function toStudentResponse(s: StudentProfile): StudentResponseDto {
  const response: Record<string, unknown> = { student_id: s.studentId };
  for (const [field, property] of FIELD_PAIRS) response[field] = s[property];
  response.user_id = s.userId;
  response.created_at = s.createdAt.toISOString();
  response.updated_at = s.updatedAt.toISOString();
  return response as unknown as StudentResponseDto;
}

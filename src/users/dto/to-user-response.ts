import type { User } from '../entities/user.entity';
import { UserResponseDto } from './user-response.dto';

/** The only way a user leaves the service: listed fields, no hash, no internals. */
export function toUserResponse(user: User, studentId?: string | null): UserResponseDto {
  const response: UserResponseDto = {
    id: user.id,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    role: user.role,
    email_verified: user.emailVerified,
    is_active: user.isActive,
    created_at: user.createdAt.toISOString(),
  };
  if (studentId) response.student_id = studentId;
  return response;
}

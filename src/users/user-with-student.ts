import type { User } from './entities/user.entity';

/** A user with the student_id of their linked profile (null when none). */
export interface UserWithStudent {
  user: User;
  studentId: string | null;
}

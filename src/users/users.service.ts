import { Injectable } from '@nestjs/common';
import { User } from './entities/user.entity';
import { normalizeEmail } from './normalize-email';
import { StudentLinker } from './student-linker';
import type { UserWithStudent } from './user-with-student';
import { UserNotFoundError } from './users.errors';
import { UsersRepository } from './users.repository';

/**
 * Accounts as other code finds them: by id or email, with their linked student_id. Creating an
 * account (one, or the demo set) is AccountCreationService's and DemoAccountsService's.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly studentLinker: StudentLinker,
  ) {}

  /** Read in the current transaction, if any. */
  findByEmail(email: string): Promise<User | null> {
    return this.users.findByEmail(normalizeEmail(email));
  }

  findById(id: string): Promise<User | null> {
    return this.users.findById(id);
  }

  async getById(id: string): Promise<UserWithStudent> {
    const user = await this.findById(id);
    if (!user) throw new UserNotFoundError();
    return { user, studentId: await this.studentLinker.studentIdOf(user.id) };
  }

  studentIdOf(userId: string): Promise<string | null> {
    return this.studentLinker.studentIdOf(userId);
  }
}

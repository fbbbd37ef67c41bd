import type { Role } from '../common/auth/role';

/** The demo accounts of the original system; seeded only when the caller asks (SEED_DEMO). */
export const DEMO_USERS: readonly {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  role: Role;
}[] = [
  {
    email: 'admin@school.edu',
    password: 'Admin123!',
    firstName: 'System',
    lastName: 'Administrator',
    role: 'administrator',
  },
  {
    email: 'teacher1@school.edu',
    password: 'Teacher123!',
    firstName: 'John',
    lastName: 'Smith',
    role: 'teacher',
  },
  {
    email: 'teacher2@school.edu',
    password: 'Teacher123!',
    firstName: 'Sarah',
    lastName: 'Johnson',
    role: 'teacher',
  },
  {
    email: 'student1@school.edu',
    password: 'Student123!',
    firstName: 'Alice',
    lastName: 'Brown',
    role: 'student',
  },
  {
    email: 'student2@school.edu',
    password: 'Student123!',
    firstName: 'Bob',
    lastName: 'Wilson',
    role: 'student',
  },
];

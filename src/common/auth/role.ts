import { apiEnum } from '../http/api-enum';

/** The three roles of the system. */
export const ROLES = ['student', 'teacher', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_ENUM = apiEnum(
  'Role',
  ROLES,
  'What an account may do: students see their own data, teachers work with all students, administrators also manage accounts, models and data.',
);

/** The three roles of the system. */
export const ROLES = ['student', 'teacher', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

/** The database the app uses on its embedded PostgreSQL server. */
export const EMBEDDED_DATABASE_NAME = 'student_performance';

import type { DataSource } from 'typeorm';
import { StudentProfile } from './entities/student-profile.entity';
import { applyStudentFilters, StudentFilters } from './student-filters';
import { studentIdOrder } from './student-sort';

/**
 * The read query other modules may run on student_profiles (the export): the given columns
 * (API names, which are the column names) of the students matching the students-list filters,
 * in student id order (see studentIdOrderKey). Returns the SQL and its parameters; filters are checked here (a bad
 * range is a ValidationFailedError).
 */
export function studentRowsQuery(
  dataSource: DataSource,
  fields: readonly string[],
  filters: StudentFilters,
): [string, unknown[]] {
  const qb = dataSource.getRepository(StudentProfile).createQueryBuilder('s');
  qb.select(`"s"."${fields[0]}"`, fields[0]);
  for (const field of fields.slice(1)) qb.addSelect(`"s"."${field}"`, field);
  applyStudentFilters(qb, filters, 's');
  const [key, id] = studentIdOrder('"s"', 'ASC');
  qb.orderBy(key.expression, key.direction).addOrderBy(id.expression, id.direction);
  return qb.getQueryAndParameters();
}

import { quoteIdent } from '../common/sql/quote-ident';
import { FACTOR_NAMES } from './factor-catalogue';

/**
 * For other modules' read-only SQL (the factors predictions reads, the student ids and linked
 * accounts alert evaluation and interventions read): the profiles as a subquery to alias, so that
 * only the students module names its table. PostgreSQL folds the subquery into the statement,
 * so indexes and plans are those of the table. Columns: id, student_id, user_id (the linked account), exam_score and the
 * factors under their API names.
 */
export const STUDENT_PROFILES = `(SELECT id, student_id, user_id, exam_score, ${FACTOR_NAMES.map(
  quoteIdent,
).join(', ')} FROM student_profiles)`;

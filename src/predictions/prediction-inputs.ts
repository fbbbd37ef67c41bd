import { InjectTransactionHost, TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { quoteIdent } from '../common/sql/quote-ident';
import { HEAVY_DATA_SOURCE } from '../database/heavy-data-source';
import { sameStudentIdSql } from '../students/student-id';
import { STUDENT_PROFILES } from '../students/student-profiles-sql';
import { FEATURE_NAMES, LabelledStudent, StudentFactors } from './ml';
import { rowFactors } from './student-factors.mapper';

const FACTOR_COLUMNS = FEATURE_NAMES.map(quoteIdent).join(', ');

/**
 * The profiles of the student ids $1, whatever their case, each with the id as requested: one
 * unique-index lookup (lower(student_id)) per id. `= ANY($1)` is planned as a scan of every
 * profile for a batch's 2,000 ids (the planner prices 2,000 lookups above one scan): 13 to 30 ms
 * a chunk on 100,000 students, against 3 to 8 ms for the lookups, which the LIMIT inside the
 * lateral subquery keeps (ids are unique whatever the case, so it drops nothing).
 */
const FACTORS_BY_STUDENT_IDS = `SELECT q.student_id AS requested_id, s.* FROM unnest($1::varchar[]) AS q(student_id)
  CROSS JOIN LATERAL (
    SELECT p.id, p.student_id, ${FACTOR_COLUMNS} FROM ${STUDENT_PROFILES} p
    WHERE ${sameStudentIdSql('p.student_id', 'q.student_id')} LIMIT 1
  ) s`;

/** A profile's internal id, student id (as stored, and as requested) and factors. */
export interface StudentFactorsRow {
  id: string;
  studentId: string;
  /** The id the caller named it by, in the caller's case. */
  requestedId: string;
  factors: StudentFactors;
}

/**
 * What heavy work reads of the students' factors (read-only), on the heavy pool: in its
 * current transaction (a batch of predictions), else on the pool (training).
 */
@Injectable()
export class PredictionInputs {
  constructor(
    @InjectTransactionHost(HEAVY_DATA_SOURCE)
    private readonly heavyTx: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  /**
   * The factors of the profiles among `studentIds` (matched whatever the case), in one query
   * (callers chunk large lists), in no particular order. Staff-only callers: no ownership
   * restriction applies.
   */
  async factorsByStudentIds(studentIds: readonly string[]): Promise<StudentFactorsRow[]> {
    const rows: Record<string, unknown>[] = await this.heavyTx.tx.query(FACTORS_BY_STUDENT_IDS, [
      studentIds,
    ]);
    return rows.map((row) => ({
      id: row.id as string,
      studentId: row.student_id as string,
      requestedId: row.requested_id as string,
      factors: rowFactors(row),
    }));
  }

  /**
   * Every student with a known exam score, as training examples, in student-id order (the order
   * makes the data fingerprint, and so the model version, reproducible).
   */
  async labelledStudents(): Promise<LabelledStudent[]> {
    const rows: Record<string, unknown>[] = await this.heavyTx.tx.query(
      `SELECT ${FACTOR_COLUMNS}, exam_score FROM ${STUDENT_PROFILES} s
       WHERE exam_score IS NOT NULL ORDER BY student_id`,
    );
    return rows.map((row) => ({ factors: rowFactors(row), examScore: row.exam_score as number }));
  }
}

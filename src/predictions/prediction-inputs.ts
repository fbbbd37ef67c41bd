import { InjectTransactionHost, TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { quoteIdent } from '../common/sql/quote-ident';
import { HEAVY_DATA_SOURCE } from '../database/heavy-data-source';
import { STUDENT_PROFILES } from '../students/student-profiles-sql';
import { FEATURE_NAMES, LabelledStudent, StudentFactors } from './ml';
import { rowFactors } from './student-factors.mapper';

const FACTOR_COLUMNS = FEATURE_NAMES.map(quoteIdent).join(', ');

/** A profile's internal id, student id and factors. */
export interface StudentFactorsRow {
  id: string;
  studentId: string;
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
   * The factors of the profiles among `studentIds`, in one query (callers chunk large lists).
   * Staff-only callers: no ownership restriction applies.
   */
  async factorsByStudentIds(studentIds: readonly string[]): Promise<StudentFactorsRow[]> {
    const rows: Record<string, unknown>[] = await this.heavyTx.tx.query(
      `SELECT id, student_id, ${FACTOR_COLUMNS} FROM ${STUDENT_PROFILES} s WHERE student_id = ANY($1::varchar[])`,
      [studentIds],
    );
    return rows.map((row) => ({
      id: row.id as string,
      studentId: row.student_id as string,
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

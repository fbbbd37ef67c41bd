import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { MainTransactionHost } from '../database/transactions';
import { PerformanceRecord } from './entities/performance-record.entity';

/** A new history point, as the service has worked it out. */
export type NewPerformanceRecord = Pick<
  PerformanceRecord,
  | 'studentProfileId'
  | 'recordedAt'
  | 'term'
  | 'examScore'
  | 'attendance'
  | 'hoursStudied'
  | 'previousScores'
  | 'notes'
  | 'createdBy'
>;

/** One history point of a seeded student, for the set-based insert of a data set. */
export interface SeededPerformanceRecord {
  studentProfileId: string;
  recorded_at: string;
  term: string;
  exam_score: number;
  attendance: number | null;
  hours_studied: number | null;
  previous_scores: number | null;
}

/**
 * The students module's only access to `performance_records`, in the current transaction (or
 * on the pool outside any): a student's history by page, one record, new records one at a time
 * or by data set, and the counts the privacy export and erasure need.
 */
@Injectable()
export class PerformanceRecordsRepository {
  constructor(@InjectTransactionHost() private readonly txHost: MainTransactionHost) {}

  /** One page of a student's history, by `recorded_at` then creation, with the total. */
  async page(
    studentProfileId: string,
    direction: 'ASC' | 'DESC',
    offset: number,
    limit: number,
  ): Promise<{ rows: PerformanceRecord[]; total: number }> {
    const [rows, total] = await this.records().findAndCount({
      where: { studentProfileId },
      order: { recordedAt: direction, createdAt: direction, id: direction },
      skip: offset,
      take: limit,
    });
    return { rows, total };
  }

  /** The student's whole history, newest first. */
  newestFirst(studentProfileId: string): Promise<PerformanceRecord[]> {
    return this.records().find({ where: { studentProfileId }, order: { recordedAt: 'DESC' } });
  }

  findOne(studentProfileId: string, id: string): Promise<PerformanceRecord | null> {
    return this.records().findOneBy({ id, studentProfileId });
  }

  findById(id: string): Promise<PerformanceRecord> {
    return this.records().findOneByOrFail({ id });
  }

  count(studentProfileId: string): Promise<number> {
    return this.records().countBy({ studentProfileId });
  }

  /** Inserts the record; returns its id. */
  async insert(record: NewPerformanceRecord): Promise<string> {
    const inserted = await this.records().insert(record);
    return (inserted.identifiers[0] as { id: string }).id;
  }

  /** Whether the student has a record later than `recordedAt`. */
  async existsAfter(studentProfileId: string, recordedAt: Date): Promise<boolean> {
    const rows = await this.txHost.tx.query<{ later: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM performance_records
                       WHERE student_profile_id = $1 AND recorded_at > $2) AS later`,
      [studentProfileId, recordedAt],
    );
    return rows[0].later;
  }

  /** Inserts the given points with one multi-row INSERT; returns how many. */
  async insertMany(points: readonly SeededPerformanceRecord[]): Promise<number> {
    if (points.length === 0) return 0;
    const values: unknown[] = [];
    const tuples = points.map((p) => {
      const at = values.length;
      values.push(p.studentProfileId, p.recorded_at, p.term, p.exam_score);
      values.push(p.attendance, p.hours_studied, p.previous_scores);
      return `(${Array.from({ length: values.length - at }, (_, c) => `$${at + c + 1}`).join(', ')})`;
    });
    await this.txHost.tx.query(
      `INSERT INTO performance_records
         (student_profile_id, recorded_at, term, exam_score, attendance, hours_studied, previous_scores)
       VALUES ${tuples.join(', ')}`,
      values,
    );
    return points.length;
  }

  private records() {
    return this.txHost.tx.getRepository(PerformanceRecord);
  }
}

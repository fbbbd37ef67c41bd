import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { normalizeReturning } from '../database/normalize-returning';
import { formatStudentId, syncStudentNumberSequence } from './student-id';
import { StudentProfileWriter } from './student-profile-writer';
import type { StudentRow } from './student-row';

export type { StudentRow } from './student-row';

/** One history point of a seeded student. */
export interface SeedPerformancePoint {
  recorded_at: string;
  term: string;
  exam_score: number;
  attendance: number | null;
  hours_studied: number | null;
  previous_scores: number | null;
}

/** A student of a seed data set: the profile (its id is given by position) and its history. */
export interface SeedStudent {
  row: Omit<StudentRow, 'student_id'>;
  history: readonly SeedPerformancePoint[];
}

/** A student account to link to the seeded profile with this student_id. */
export interface SeedAccountLink {
  email: string;
  studentId: string;
}

export interface SeedProgress {
  done: number;
  total: number;
}

export interface SeedWriteReport {
  students_inserted: number;
  performance_records_inserted: number;
  accounts_linked: number;
}

/** Rows per INSERT (one progress step each). */
const CHUNK_ROWS = 1000;
/** Serialises concurrent seeders (two instances starting on one empty database). */
const SEED_LOCK_KEY = 726_353_001;
const HISTORY_COLUMNS = 7;

/**
 * Writes a seed data set into the students module's tables, in one transaction: the students
 * (ids STU0001… in the given order) through the same set-based INSERT as the API's, their
 * history, and the links of the given accounts. Idempotent: a taken student_id inserts nothing
 * (nor its history), and a linked profile or account is left alone.
 */
@Injectable()
export class StudentSeedWriter {
  private readonly logger = new Logger(StudentSeedWriter.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly writer: StudentProfileWriter,
  ) {}

  async hasStudents(): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>('SELECT 1 FROM student_profiles LIMIT 1');
    return rows.length > 0;
  }

  write(
    students: readonly SeedStudent[],
    links: readonly SeedAccountLink[],
    onProgress?: (progress: SeedProgress) => void,
  ): Promise<SeedWriteReport> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
      const inserted = await this.insertStudents(manager, students, onProgress);
      const records = await this.insertHistory(manager, inserted);
      await syncStudentNumberSequence(manager);
      const linked = await this.linkAccounts(manager, links);
      return {
        students_inserted: inserted.length,
        performance_records_inserted: records,
        accounts_linked: linked,
      };
    });
  }

  /** Inserts the students whose student_id is free; returns them with their new row ids. */
  private async insertStudents(
    manager: EntityManager,
    students: readonly SeedStudent[],
    onProgress?: (progress: SeedProgress) => void,
  ): Promise<{ id: string; student: SeedStudent }[]> {
    const inserted: { id: string; student: SeedStudent }[] = [];
    const total = students.length;
    onProgress?.({ done: 0, total });
    for (let start = 0; start < total; start += CHUNK_ROWS) {
      const chunk = students.slice(start, start + CHUNK_ROWS);
      const rows = await this.writer.insert(
        manager,
        chunk.map((student, i) => ({ student_id: formatStudentId(start + i + 1), ...student.row })),
      );
      const byId = new Map(rows.map((r) => [r.student_id, r.id]));
      chunk.forEach((student, i) => {
        const id = byId.get(formatStudentId(start + i + 1));
        if (id) inserted.push({ id, student });
      });
      onProgress?.({ done: Math.min(start + CHUNK_ROWS, total), total });
    }
    return inserted;
  }

  /** The history points of the new students, one multi-row INSERT per chunk of students. */
  private async insertHistory(
    manager: EntityManager,
    inserted: readonly { id: string; student: SeedStudent }[],
  ): Promise<number> {
    let count = 0;
    for (let start = 0; start < inserted.length; start += CHUNK_ROWS) {
      const params: unknown[] = [];
      for (const { id, student } of inserted.slice(start, start + CHUNK_ROWS)) {
        for (const p of student.history) {
          params.push(id, p.recorded_at, p.term, p.exam_score);
          params.push(p.attendance, p.hours_studied, p.previous_scores);
        }
      }
      const tuples = params.length / HISTORY_COLUMNS;
      if (tuples === 0) continue;
      await manager.query(
        `INSERT INTO performance_records
           (student_profile_id, recorded_at, term, exam_score, attendance, hours_studied, previous_scores)
         VALUES ${placeholderTuples(tuples, HISTORY_COLUMNS)}`,
        params,
      );
      count += tuples;
    }
    return count;
  }

  /**
   * Links each student account to its profile when neither is linked yet and no administrator
   * unlinked the profile; each link is audited.
   */
  private async linkAccounts(
    manager: EntityManager,
    links: readonly SeedAccountLink[],
  ): Promise<number> {
    let linked = 0;
    for (const { email, studentId } of links) {
      const result: unknown = await manager.query(
        `UPDATE student_profiles p SET user_id = u.id, email = u.email, updated_at = now()
           FROM users u
          WHERE p.student_id = $1 AND p.user_id IS NULL AND p.auto_link
            AND u.email = $2 AND u.role = 'student'
            AND NOT EXISTS (SELECT 1 FROM student_profiles o WHERE o.user_id = u.id)
          RETURNING p.student_id, p.user_id`,
        [studentId, email],
      );
      const rows = normalizeReturning<{ student_id: string; user_id: string }>(result);
      for (const row of rows) {
        await this.audit.record(
          {
            actor: null,
            action: 'student.user_linked',
            target_type: 'student',
            target_id: row.student_id,
            details: { user_id: row.user_id, automatic: true, trigger: 'demo_accounts' },
          },
          manager,
        );
      }
      linked += rows.length;
    }
    if (linked > 0) this.logger.log(`Linked ${linked} demo student account(s)`);
    return linked;
  }
}

/** `($1, $2, …), (…)`: `tuples` groups of `columns` numbered placeholders. */
function placeholderTuples(tuples: number, columns: number): string {
  return Array.from(
    { length: tuples },
    (_, t) =>
      `(${Array.from({ length: columns }, (_, c) => `$${t * columns + c + 1}`).join(', ')})`,
  ).join(', ');
}

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { normalizeReturning } from '../../database/normalize-returning';
import { type LabelledStudent, parseStudentCsv } from '../../predictions/ml';
import { UsersService } from '../../users/users.service';
import { formatStudentId, syncStudentNumberSequence } from '../student-id';
import { StudentProfileWriter } from '../student-profile-writer';
import type { StudentRow } from '../student-row';
import { demoIdentities } from './demo-names';

/** The data set shipped with the service. */
export const DEMO_CSV = join('seeds', 'StudentPerformanceFactors.csv');

/** Demo student accounts and the profiles they are linked to. */
export const DEMO_STUDENT_LINKS: readonly { email: string; studentId: string }[] = [
  { email: 'student1@school.edu', studentId: 'STU0001' },
  { email: 'student2@school.edu', studentId: 'STU0002' },
];

/** Dates of the two history points seeded per student (previous term, then current term). */
const PREVIOUS_TERM = { term: 'Previous term', recordedAt: '2025-01-31T00:00:00.000Z' };
const CURRENT_TERM = { term: 'Current term', recordedAt: '2025-06-30T00:00:00.000Z' };

/** Rows per INSERT (one progress step each). */
const CHUNK_ROWS = 1000;
/** Serialises concurrent seeders (two instances starting on one empty database). */
const SEED_LOCK_KEY = 726_353_001;

export interface SeedProgress {
  done: number;
  total: number;
}

export interface SeedOptions {
  /** CSV path (default: seeds/StudentPerformanceFactors.csv). */
  csvPath?: string;
  /** Called after each inserted chunk. */
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedReport {
  rows_in_file: number;
  students_inserted: number;
  performance_records_inserted: number;
  accounts_linked: number;
  duration_ms: number;
}

/** Resolves the CSV from the working directory, or from the repository the code sits in. */
export function resolveSeedCsv(path: string = DEMO_CSV): string {
  if (isAbsolute(path)) return path;
  const candidates = [
    resolve(process.cwd(), path),
    resolve(__dirname, '..', '..', '..', path),
    resolve(__dirname, '..', '..', '..', '..', path),
  ];
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0];
}

/**
 * Loads the demo data: the demo accounts, every student of the data set (ids STU0001… in file
 * order, made-up deterministic names) with two history points each, and the links of
 * student1/student2 to STU0001/STU0002. Idempotent: what exists is left alone, so a second run
 * inserts nothing. One transaction; the students go in through the same set-based INSERT as the API's.
 */
@Injectable()
export class SeedService {
  private readonly logger = new Logger(SeedService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly writer: StudentProfileWriter,
  ) {}

  async hasStudents(): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>('SELECT 1 FROM student_profiles LIMIT 1');
    return rows.length > 0;
  }

  async seedDemo(options: SeedOptions = {}): Promise<SeedReport> {
    const started = Date.now();
    const students = parseStudentCsv(await readFile(resolveSeedCsv(options.csvPath), 'utf8'));
    await this.users.ensureDemoUsers();
    const report = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
      const inserted = await this.insertStudents(manager, students, options.onProgress);
      const records = await this.insertHistory(manager, inserted);
      await syncStudentNumberSequence(manager);
      const linked = await this.linkDemoAccounts(manager);
      return {
        rows_in_file: students.length,
        students_inserted: inserted.length,
        performance_records_inserted: records,
        accounts_linked: linked,
      };
    });
    return { ...report, duration_ms: Date.now() - started };
  }

  /** Inserts the rows whose student_id is free; returns what was inserted. */
  private async insertStudents(
    manager: EntityManager,
    students: readonly LabelledStudent[],
    onProgress?: (progress: SeedProgress) => void,
  ): Promise<{ id: string; row: LabelledStudent }[]> {
    const identities = demoIdentities(students.map((s) => s.factors.gender));
    const inserted: { id: string; row: LabelledStudent }[] = [];
    const total = students.length;
    onProgress?.({ done: 0, total });
    for (let start = 0; start < total; start += CHUNK_ROWS) {
      const chunk = students.slice(start, start + CHUNK_ROWS);
      const rows = await this.writer.insert(
        manager,
        chunk.map((student, i): StudentRow => {
          const who = identities[start + i];
          return {
            student_id: formatStudentId(start + i + 1),
            first_name: who.firstName,
            last_name: who.lastName,
            age: who.age,
            email: null,
            ...student.factors,
            exam_score: student.examScore,
          };
        }),
      );
      const byId = new Map(rows.map((r) => [r.student_id, r.id]));
      chunk.forEach((row, i) => {
        const id = byId.get(formatStudentId(start + i + 1));
        if (id) inserted.push({ id, row });
      });
      onProgress?.({ done: Math.min(start + CHUNK_ROWS, total), total });
    }
    return inserted;
  }

  /**
   * Two history points for each new student, both from the data set: the previous exams'
   * score, then this term's result with its attendance and study hours.
   */
  private async insertHistory(
    manager: EntityManager,
    inserted: readonly { id: string; row: LabelledStudent }[],
  ): Promise<number> {
    let count = 0;
    for (let start = 0; start < inserted.length; start += CHUNK_ROWS) {
      const chunk = inserted.slice(start, start + CHUNK_ROWS);
      const params: unknown[] = [];
      const tuples: string[] = [];
      const add = (values: unknown[]) => {
        const placeholders = values.map((value) => {
          params.push(value);
          return `$${params.length}`;
        });
        tuples.push(`(${placeholders.join(', ')})`);
      };
      for (const { id, row } of chunk) {
        const f = row.factors;
        add([
          id,
          PREVIOUS_TERM.recordedAt,
          PREVIOUS_TERM.term,
          f.previous_scores,
          null,
          null,
          null,
        ]);
        add([
          id,
          CURRENT_TERM.recordedAt,
          CURRENT_TERM.term,
          row.examScore,
          f.attendance,
          f.hours_studied,
          f.previous_scores,
        ]);
      }
      if (tuples.length === 0) continue;
      await manager.query(
        `INSERT INTO performance_records
           (student_profile_id, recorded_at, term, exam_score, attendance, hours_studied, previous_scores)
         VALUES ${tuples.join(', ')}`,
        params,
      );
      count += tuples.length;
    }
    return count;
  }

  /**
   * Links the demo student accounts to their profiles when neither is linked yet and no
   * administrator unlinked the profile; each link is audited.
   */
  private async linkDemoAccounts(manager: EntityManager): Promise<number> {
    let linked = 0;
    for (const { email, studentId } of DEMO_STUDENT_LINKS) {
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

import { Transactional } from '@nestjs-cls/transactional';
import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import {
  PerformanceRecordsRepository,
  type SeededPerformanceRecord,
} from './performance-records.repository';
import { formatStudentId } from './student-id';
import type { StudentRow } from './student-row';
import { StudentsRepository } from './students.repository';

export type { StudentRow } from './student-row';

/** One history point of a seeded student. */
export type SeedPerformancePoint = Omit<SeededPerformanceRecord, 'studentProfileId'>;

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

/**
 * Writes a seed data set into the students module's tables, in one transaction: the students
 * (ids STU0001… in the given order) through the same set-based INSERT as the API's, their
 * history, and the links of the given accounts. Idempotent: a taken student_id inserts nothing
 * (nor its history), and a linked profile or account is left alone. Concurrent seeders (two
 * instances starting on one empty database) run one after the other.
 */
@Injectable()
export class StudentSeedWriter {
  private readonly logger = new Logger(StudentSeedWriter.name);

  constructor(
    private readonly profiles: StudentsRepository,
    private readonly records: PerformanceRecordsRepository,
    private readonly audit: AuditService,
  ) {}

  hasStudents(): Promise<boolean> {
    return this.profiles.any();
  }

  @Transactional()
  async write(
    students: readonly SeedStudent[],
    links: readonly SeedAccountLink[],
    onProgress?: (progress: SeedProgress) => void,
  ): Promise<SeedWriteReport> {
    await this.profiles.lockForSeeding();
    const inserted = await this.insertStudents(students, onProgress);
    const records = await this.insertHistory(inserted);
    await this.profiles.syncStudentNumbers();
    const linked = await this.linkAccounts(links);
    return {
      students_inserted: inserted.length,
      performance_records_inserted: records,
      accounts_linked: linked,
    };
  }

  /** Inserts the students whose student_id is free; returns them with their new row ids. */
  private async insertStudents(
    students: readonly SeedStudent[],
    onProgress?: (progress: SeedProgress) => void,
  ): Promise<{ id: string; student: SeedStudent }[]> {
    const inserted: { id: string; student: SeedStudent }[] = [];
    const total = students.length;
    onProgress?.({ done: 0, total });
    for (let start = 0; start < total; start += CHUNK_ROWS) {
      const chunk = students.slice(start, start + CHUNK_ROWS);
      const rows = await this.profiles.insert(
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
    inserted: readonly { id: string; student: SeedStudent }[],
  ): Promise<number> {
    let count = 0;
    for (let start = 0; start < inserted.length; start += CHUNK_ROWS) {
      const points = inserted
        .slice(start, start + CHUNK_ROWS)
        .flatMap(({ id, student }) => student.history.map((p) => ({ studentProfileId: id, ...p })));
      count += await this.records.insertMany(points);
    }
    return count;
  }

  /**
   * Links each student account to its profile when neither is linked yet and no administrator
   * unlinked the profile; each link is audited.
   */
  private async linkAccounts(links: readonly SeedAccountLink[]): Promise<number> {
    let linked = 0;
    for (const { email, studentId } of links) {
      const rows = await this.profiles.linkSeedAccount(studentId, email);
      for (const row of rows) {
        await this.audit.record({
          actor: null,
          action: 'student.user_linked',
          target_type: 'student',
          target_id: row.student_id,
          details: { user_id: row.user_id, automatic: true, trigger: 'demo_accounts' },
        });
      }
      linked += rows.length;
    }
    if (linked > 0) this.logger.log(`Linked ${linked} demo student account(s)`);
    return linked;
  }
}

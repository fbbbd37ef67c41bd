import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { Injectable } from '@nestjs/common';
import { type LabelledStudent, parseStudentCsv } from '../predictions/ml';
import {
  type SeedProgress,
  type SeedStudent,
  StudentSeedWriter,
} from '../students/student-seed-writer.service';
import { DemoAccountsService } from '../users/demo-accounts.service';
import { demoIdentities } from './demo-names';

export type { SeedProgress } from '../students/student-seed-writer.service';

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
    // src/demo-seed/ in the sources, dist/src/demo-seed/ once built.
    resolve(__dirname, '..', '..', path),
    resolve(__dirname, '..', '..', '..', path),
  ];
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0];
}

/**
 * The data set's rows as students: made-up deterministic names and ages, and two history
 * points each, both from the data set: the previous exams' score, then this term's result with
 * its attendance and study hours.
 */
export function demoStudents(students: readonly LabelledStudent[]): SeedStudent[] {
  const identities = demoIdentities(students.map((s) => s.factors.gender));
  return students.map(({ factors, examScore }, i) => ({
    row: {
      first_name: identities[i].firstName,
      last_name: identities[i].lastName,
      age: identities[i].age,
      email: null,
      ...factors,
      exam_score: examScore,
    },
    history: [
      {
        recorded_at: PREVIOUS_TERM.recordedAt,
        term: PREVIOUS_TERM.term,
        exam_score: factors.previous_scores,
        attendance: null,
        hours_studied: null,
        previous_scores: null,
      },
      {
        recorded_at: CURRENT_TERM.recordedAt,
        term: CURRENT_TERM.term,
        exam_score: examScore,
        attendance: factors.attendance,
        hours_studied: factors.hours_studied,
        previous_scores: factors.previous_scores,
      },
    ],
  }));
}

/**
 * Loads the demo data: the demo accounts, every student of the data set (ids STU0001… in file
 * order, made-up deterministic names) with two history points each, and the links of
 * student1/student2 to STU0001/STU0002. Idempotent: what exists is left alone, so a second run
 * inserts nothing. The students go in through the students module, in one transaction.
 */
@Injectable()
export class SeedService {
  constructor(
    private readonly demoAccounts: DemoAccountsService,
    private readonly students: StudentSeedWriter,
  ) {}

  hasStudents(): Promise<boolean> {
    return this.students.hasStudents();
  }

  async seedDemo(options: SeedOptions = {}): Promise<SeedReport> {
    const started = Date.now();
    const rows = parseStudentCsv(await readFile(resolveSeedCsv(options.csvPath), 'utf8'));
    await this.demoAccounts.ensure();
    const written = await this.students.write(
      demoStudents(rows),
      DEMO_STUDENT_LINKS,
      options.onProgress,
    );
    return { rows_in_file: rows.length, ...written, duration_ms: Date.now() - started };
  }
}

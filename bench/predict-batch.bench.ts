/**
 * Batch prediction through HTTP: POST /api/predictions/batch with 10,000 student ids against a
 * database seeded with 10,000 students, on the real application listening on a local port.
 *
 *   DATABASE_URL=postgres://user@host:5432/postgres npx ts-node --transpile-only bench/predict-batch.bench.ts [--runs 7]
 *
 * A scratch database is created on that server (or on an embedded PostgreSQL when DATABASE_URL
 * is unset) and dropped at the end. Prints the median, fastest and slowest wall time of the
 * whole request as a client sees it: validation, 5 queries, 5 inferences with explanations,
 * storing 10,000 predictions in one transaction, and the 10,000-item JSON response.
 */
import './bench-env';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../src/create-app';
import { parseStudentCsv } from '../src/predictions/ml';
import { StudentProfile } from '../src/students/entities/student-profile.entity';
import { FIELD_PROPERTY, WritableField } from '../src/students/student-fields';
import { AccountCreationService } from '../src/users/account-creation.service';
import { createTestDatabase } from '../test/setup/test-database';

const STUDENTS = 10_000;
const ROOT = path.resolve(__dirname, '..');

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function seedStudents(dataSource: DataSource): Promise<string[]> {
  const rows = parseStudentCsv(
    fs.readFileSync(path.join(ROOT, 'seeds/StudentPerformanceFactors.csv'), 'utf8'),
  );
  const ids: string[] = [];
  const profiles: Partial<StudentProfile>[] = [];
  for (let i = 0; i < STUDENTS; i++) {
    const { factors, examScore } = rows[i % rows.length];
    const studentId = `STU${String(i + 1).padStart(5, '0')}`;
    const profile: Record<string, unknown> = {
      studentId,
      firstName: 'Bench',
      lastName: `Student${i + 1}`,
      examScore,
    };
    for (const [field, value] of Object.entries(factors)) {
      profile[FIELD_PROPERTY[field as WritableField]] = value;
    }
    profiles.push(profile);
    ids.push(studentId);
  }
  const repository = dataSource.getRepository(StudentProfile);
  for (let start = 0; start < profiles.length; start += 1_000) {
    await repository.insert(profiles.slice(start, start + 1_000));
  }
  return ids;
}

async function main(): Promise<void> {
  const runsArg = process.argv.indexOf('--runs');
  const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
  const database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  const app = await createApp();
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const ids = await seedStudents(app.get(DataSource));
    await app.get(AccountCreationService).create(
      {
        email: 'bench-teacher@example.com',
        password: 'Bench-Password-123!',
        firstName: 'Bench',
        lastName: 'Teacher',
        role: 'teacher',
        emailVerified: true,
      },
      { auditAction: 'user.created' },
    );
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench-teacher@example.com', password: 'Bench-Password-123!' }),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const body = JSON.stringify({ student_ids: ids });

    const times: number[] = [];
    let bytes = 0;
    for (let r = 0; r <= runs; r++) {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/predictions/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      });
      const text = await res.text();
      const elapsed = performance.now() - t0;
      if (res.status !== 200)
        throw new Error(`batch answered ${res.status}: ${text.slice(0, 500)}`);
      const parsed = JSON.parse(text) as { predictions: unknown[]; not_found: string[] };
      if (parsed.predictions.length !== STUDENTS)
        throw new Error('not every student was predicted');
      bytes = text.length;
      if (r > 0) times.push(elapsed); // the first run warms up
    }
    console.log(
      `predict-batch: ${STUDENTS.toLocaleString('en')} students over HTTP, median ${median(times).toFixed(0)} ms ` +
        `(fastest ${Math.min(...times).toFixed(0)} ms, slowest ${Math.max(...times).toFixed(0)} ms, ${runs} runs after a warm-up); ` +
        `response ${(bytes / 1e6).toFixed(1)} MB`,
    );
  } finally {
    await app.close();
    await database.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

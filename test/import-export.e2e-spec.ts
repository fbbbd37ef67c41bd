import { Readable } from 'node:stream';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../src/audit/audit.service';
import { loadConfig } from '../src/config/load-config';
import { StudentImporter } from '../src/import-export/student-importer';
import { bearer, createUserAndLogin, LoggedInUser } from './helpers/auth';
import {
  DATA_HEADER,
  exportJson,
  exportText,
  identityCsv,
  SEED_LINES,
  seedRow,
  uniqueTag,
  upload,
} from './helpers/import-export';
import { createTestApp } from './helpers/test-app';

/** A CSV cell as a careful writer quotes it. */
function cell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// Slower than Jest's default 5 s on a busy machine (app start-up, thousands of rows).

describe('Data import and export', () => {
  let app: NestExpressApplication;
  let db: DataSource;
  let admin: LoggedInUser;
  let teacher: LoggedInUser;

  beforeAll(async () => {
    app = await createTestApp();
    db = app.get(DataSource);
    [admin, teacher] = await Promise.all([
      createUserAndLogin(app, { role: 'administrator' }),
      createUserAndLogin(app, { role: 'teacher' }),
    ]);
  });

  afterAll(async () => {
    await app.close();
  });

  async function studentsNamed(firstName: string) {
    return db.query<
      {
        student_id: string;
        first_name: string;
        last_name: string;
        email: string | null;
        age: number | null;
        attendance: number;
        exam_score: number | null;
      }[]
    >(
      `SELECT student_id, first_name, last_name, email, age, attendance, exam_score
       FROM student_profiles WHERE first_name = $1 ORDER BY length(student_id), student_id`,
      [firstName],
    );
  }

  it('imports the whole data set (5,607 rows) and exports it back to the same data', async () => {
    const tag = uniqueTag('DS');
    const csv = `First_Name,${DATA_HEADER}\n${SEED_LINES.slice(1)
      .map((line) => `${tag},${line}`)
      .join('\n')}\n`;

    const started = Date.now();
    const res = await upload(app, admin.accessToken, csv, {
      fileName: 'StudentPerformanceFactors.csv',
    }).expect(201);
    const elapsed = Date.now() - started;
    expect(res.body).toMatchObject({
      status: 'completed',
      mode: 'atomic',
      dry_run: false,
      file_name: 'StudentPerformanceFactors.csv',
      rows_total: 5607,
      inserted: 5607,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      error_count: 0,
      errors_truncated: false,
      errors: [],
      replayed: false,
      created_by: admin.user.id,
    });
    expect(res.body.file_size).toBe(Buffer.byteLength(csv));
    expect(elapsed).toBeLessThan(10_000);
    expect(res.headers.location).toBe(`/api/data/imports/${res.body.import_id}`);

    const stored = await request(app.getHttpServer())
      .get(res.headers.location)
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(stored.body).toEqual(res.body);

    const students = await studentsNamed(tag);
    expect(students).toHaveLength(5607);
    // No names in the file: the placeholder last name is the generated id.
    expect(students.every((s) => s.last_name === s.student_id)).toBe(true);

    const exported = await exportText(app, teacher.accessToken, { search: tag }).expect(200);
    expect(exported.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(exported.headers['content-disposition']).toMatch(
      /^attachment; filename="students-\d{8}-\d{6}\.csv"$/,
    );
    const lines = (exported.body as string).trimEnd().split('\n');
    expect(lines[0]).toBe(`Student_ID,First_Name,Last_Name,Age,Email,${DATA_HEADER}`);
    expect(lines).toHaveLength(5608);
    // The data set's 20 columns come back exactly as they were, row for row.
    expect(lines.slice(1).map((line) => line.split(',').slice(5).join(','))).toEqual(
      SEED_LINES.slice(1),
    );
    expect(lines[1].split(',').slice(0, 5)).toEqual([
      students[0].student_id,
      tag,
      students[0].student_id,
      '',
      '',
    ]);

    // Importing the export changes nothing and creates nobody.
    const again = await upload(app, admin.accessToken, exported.body as string).expect(201);
    expect(again.body).toMatchObject({
      rows_total: 5607,
      inserted: 0,
      updated: 0,
      unchanged: 5607,
      skipped: 0,
      replayed: false,
    });
    expect(await studentsNamed(tag)).toEqual(students);

    const audit = await db.query<{ action: string; actor_id: string; outcome: string }[]>(
      `SELECT action, actor_id, outcome FROM audit_logs
       WHERE (action = 'data.import' AND target_id = $1) OR (action = 'data.export' AND actor_id = $2)`,
      [res.body.import_id, teacher.user.id],
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'data.import', actor_id: admin.user.id, outcome: 'success' },
        { action: 'data.export', actor_id: teacher.user.id, outcome: 'success' },
      ]),
    );
  });

  it('round-trips names and emails that need quoting or formula protection, and exports JSON like the students API', async () => {
    const tag = uniqueTag('RT');
    const people = [
      // Names are single-line text without addresses (the name rule), so a formula in a name
      // is the spreadsheet kind; emails carry the rest.
      { first: tag, last: '=SUM(A1, A2)', email: `=eq.${tag}@school.edu` },
      { first: tag, last: '+Zoë Ångström', email: `+plus.${tag}@school.edu` },
      { first: tag, last: '-dash, "quoted"', email: '' },
      { first: tag, last: '-dash;semi', email: `-dash.${tag}@school.edu` },
      // As exported: a name that really starts with '= gets one more quote.
      { first: tag, last: "''=already guarded", email: '' },
      { first: tag, last: "O'Brien, Jr", email: '' },
    ];
    const csv = `Student_ID,First_Name,Last_Name,Age,Email,${DATA_HEADER}\n${people
      .map((p, i) =>
        ['', p.first, cell(p.last), String(10 + i), cell(p.email), seedRow(i)].join(','),
      )
      .join('\n')}\n`;
    await upload(app, admin.accessToken, csv).expect(201);
    const stored = await studentsNamed(tag);
    const names = people.map((p) => p.last.replace("''=", "'="));
    expect(stored.map((s) => s.last_name)).toEqual(names);
    // Emails are stored lower-cased, as the students API does.
    expect(stored.map((s) => s.email)).toEqual(people.map((p) => p.email.toLowerCase() || null));

    const exported = await exportText(app, admin.accessToken, { search: tag }).expect(200);
    const text = exported.body as string;
    expect(text).toContain(`"'=SUM(A1, A2)"`);
    expect(text).toContain(`'+Zoë Ångström`);
    expect(text).toContain(`"'-dash, ""quoted"""`);
    expect(text).toContain(`"O'Brien, Jr"`);
    expect(text).toContain(`"'-dash;semi"`);
    expect(text).toContain(`''=already guarded`);
    expect(text).toContain(`'=eq.${tag.toLowerCase()}@school.edu`);
    expect(text).not.toMatch(/(^|,)[=+@]/m);

    const again = await upload(app, admin.accessToken, text).expect(201);
    expect(again.body).toMatchObject({ inserted: 0, updated: 0, unchanged: people.length });
    expect(await studentsNamed(tag)).toEqual(stored);

    const json = await exportJson(app, admin.accessToken, { search: tag }).expect(200);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.headers['content-disposition']).toMatch(/filename="students-.*\.json"/);
    const items = json.body as Record<string, unknown>[];
    expect(items.map((s) => s.last_name)).toEqual(names);
    for (const item of items.slice(0, 2)) {
      const one = await request(app.getHttpServer())
        .get(`/api/students/${String(item.student_id)}`)
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(item).toEqual(one.body);
    }
  });

  it('exports with the students list filters, and an empty JSON export is an empty array', async () => {
    const tag = uniqueTag('FL');
    const csv = identityCsv([0, 1, 2, 3, 4, 5].map(() => ({ first: tag })));
    await upload(app, admin.accessToken, csv).expect(201);
    const males = SEED_LINES.slice(1, 7).filter((line) => line.split(',')[18] === 'Male').length;
    const json = await exportJson(app, teacher.accessToken, { search: tag, gender: 'Male' }).expect(
      200,
    );
    const items = json.body as { gender: string }[];
    expect(items).toHaveLength(males);
    expect(items.every((s) => s.gender === 'Male')).toBe(true);

    const none = await exportJson(app, teacher.accessToken, { search: uniqueTag('none') }).expect(
      200,
    );
    expect(none.body).toEqual([]);

    const bad = await request(app.getHttpServer())
      .get('/api/data/export')
      .query({ min_attendance: '90', max_attendance: '10' })
      .set(bearer(teacher.accessToken))
      .expect(400);
    expect(bad.body.code).toBe('validation_failed');
    await request(app.getHttpServer())
      .get('/api/data/export')
      .query({ format: 'xml' })
      .set(bearer(teacher.accessToken))
      .expect(400);
  });

  it('atomic mode writes nothing when one row is bad; partial mode writes the valid rows and reports the others', async () => {
    const tag = uniqueTag('AP');
    const rows = [0, 1, 2, 3].map((i) => ({ first: tag, data: seedRow(i) }));
    rows[2].data = rows[2].data.replace(/^(\d+),(\d+),/, '$1,150,');
    rows[3].data = rows[3].data.replace(/,(Male|Female),(\d+)$/, ',,$2');
    const csv = identityCsv(rows);

    const rejected = await upload(app, admin.accessToken, csv).expect(422);
    expect(rejected.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(rejected.body).toMatchObject({
      code: 'import_rejected',
      status: 422,
      rows_total: 4,
      inserted: 0,
      updated: 0,
      skipped: 4,
      error_count: 2,
      dry_run: false,
    });
    expect(rejected.body.errors).toEqual([
      expect.objectContaining({ row: 4, column: 'Attendance', code: 'invalid_value' }),
      expect.objectContaining({ row: 5, column: 'Gender', code: 'required_value' }),
    ]);
    expect(rejected.body.detail).toMatch(/nothing was imported/);
    expect(await studentsNamed(tag)).toHaveLength(0);
    const report = await request(app.getHttpServer())
      .get(`/api/data/imports/${String(rejected.body.import_id)}`)
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(report.body).toMatchObject({ status: 'rejected', error_count: 2 });

    const partial = await upload(app, admin.accessToken, csv, {
      query: { mode: 'partial' },
    }).expect(201);
    expect(partial.body).toMatchObject({
      status: 'completed',
      mode: 'partial',
      rows_total: 4,
      inserted: 2,
      skipped: 2,
      error_count: 2,
    });
    expect(partial.body.errors.map((e: { row: number }) => e.row)).toEqual([4, 5]);
    expect(await studentsNamed(tag)).toHaveLength(2);
  });

  it('a dry run reports what would happen and writes nothing', async () => {
    const tag = uniqueTag('DR');
    await upload(app, admin.accessToken, identityCsv([{ first: tag }])).expect(201);
    const [existing] = await studentsNamed(tag);
    const changed = seedRow(0).replace(/^(\d+),(\d+),/, '$1,77,');
    const csv = identityCsv([
      { id: existing.student_id, first: tag, data: changed },
      { first: tag, data: seedRow(1) },
      { first: tag, data: seedRow(2) },
    ]);
    const before = await db.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM student_profiles',
    );
    const dry = await upload(app, admin.accessToken, csv, { query: { dry_run: 'true' } }).expect(
      200,
    );
    expect(dry.body).toMatchObject({
      status: 'completed',
      dry_run: true,
      rows_total: 3,
      inserted: 2,
      updated: 1,
      unchanged: 0,
    });
    expect(dry.headers.location).toBeUndefined();
    expect(await studentsNamed(tag)).toEqual([existing]);
    const after = await db.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM student_profiles',
    );
    expect(after[0].n).toBeGreaterThanOrEqual(before[0].n);
    expect((await studentsNamed(tag))[0].attendance).toBe(existing.attendance);

    const bad = identityCsv([{ first: tag, age: '200' }]);
    const dryRejected = await upload(app, admin.accessToken, bad, {
      query: { dry_run: 'true' },
    }).expect(422);
    expect(dryRejected.body).toMatchObject({ dry_run: true, error_count: 1 });
    expect(dryRejected.body.detail).toMatch(/nothing would be imported/);
    expect(await studentsNamed(tag)).toHaveLength(1);
  });

  it('updates students by Student_ID, keeping names for blank cells and values of absent columns', async () => {
    const tag = uniqueTag('UP');
    await upload(
      app,
      admin.accessToken,
      identityCsv([
        { first: tag, last: 'One', age: '15', email: `one.${tag}@school.edu` },
        { first: tag, last: 'Two', age: '16', email: `two.${tag}@school.edu` },
      ]),
    ).expect(201);
    const [one, two] = await studentsNamed(tag);

    // No Age column; Email column present with a blank for the first student; blank names.
    const newScore = seedRow(0).replace(/,(\d+)$/, ',99');
    const csv =
      `Student_ID,First_Name,Last_Name,Email,${DATA_HEADER}\n` +
      `${one.student_id},,,,${newScore}\n` +
      `${two.student_id},,,${two.email},${seedRow(1)}\n`;
    const res = await upload(app, admin.accessToken, csv).expect(201);
    expect(res.body).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    const [oneAfter, twoAfter] = await studentsNamed(tag);
    expect(oneAfter).toEqual({ ...one, email: null, exam_score: 99 });
    expect(twoAfter).toEqual(two);
  });

  it('generates ids after the highest existing one, including ids given in the same file', async () => {
    const tag = uniqueTag('ID');
    const [{ high }] = await db.query<{ high: string }[]>(
      'SELECT max(substring(student_id FROM 4)::bigint) AS high FROM student_profiles',
    );
    const given = `STU${String(Number(high ?? 0) + 40).padStart(4, '0')}`;
    await upload(
      app,
      admin.accessToken,
      identityCsv([{ first: tag }, { id: given, first: tag }, { first: tag }]),
    ).expect(201);
    const ids = (await studentsNamed(tag)).map((s) => Number(s.student_id.slice(3)));
    expect(ids).toHaveLength(3);
    expect(ids[0]).toBe(Number(given.slice(3)));
    expect(ids[1]).toBeGreaterThan(ids[0]);
    expect(ids[2]).toBeGreaterThan(ids[1]);
  });

  it('reports a Student_ID repeated within the file (atomic: 422; partial: keeps the first)', async () => {
    const tag = uniqueTag('DU');
    await upload(app, admin.accessToken, identityCsv([{ first: tag }])).expect(201);
    const [existing] = await studentsNamed(tag);
    const csv = identityCsv([
      { id: existing.student_id, first: tag, data: seedRow(5) },
      { first: tag, data: seedRow(6) },
      { id: existing.student_id, first: tag, data: seedRow(7) },
    ]);
    const rejected = await upload(app, admin.accessToken, csv).expect(422);
    expect(rejected.body.errors).toEqual([
      {
        row: 4,
        column: 'Student_ID',
        code: 'duplicate_student_id',
        message: `Student_ID ${existing.student_id} is already used in row 2.`,
        field: 'row 4, Student_ID',
      },
    ]);
    const partial = await upload(app, admin.accessToken, csv, {
      query: { mode: 'partial' },
    }).expect(201);
    expect(partial.body).toMatchObject({ inserted: 1, updated: 1, skipped: 1, error_count: 1 });
    const seedAttendance = Number(seedRow(5).split(',')[1]);
    expect((await studentsNamed(tag))[0].attendance).toBe(seedAttendance);
  });

  it('lets only administrators import and read reports, and teachers and administrators export', async () => {
    const student = await createUserAndLogin(app, { role: 'student' });
    const csv = identityCsv([{ first: uniqueTag('RO') }]);
    await upload(app, teacher.accessToken, csv).expect(403);
    await upload(app, student.accessToken, csv).expect(403);
    await request(app.getHttpServer())
      .post('/api/data/import')
      .attach('file', Buffer.from(csv), 'x.csv')
      .expect(401);
    await request(app.getHttpServer())
      .get('/api/data/export')
      .set(bearer(student.accessToken))
      .expect(403);
    await request(app.getHttpServer()).get('/api/data/export').expect(401);
    const id = '6f1c2d4e-8a7b-4c3d-9e2f-1a2b3c4d5e6f';
    await request(app.getHttpServer())
      .get(`/api/data/imports/${id}`)
      .set(bearer(teacher.accessToken))
      .expect(403);
    const missing = await request(app.getHttpServer())
      .get(`/api/data/imports/${id}`)
      .set(bearer(admin.accessToken))
      .expect(404);
    expect(missing.body.code).toBe('import_not_found');
    await request(app.getHttpServer())
      .get('/api/data/imports/not-a-uuid')
      .set(bearer(admin.accessToken))
      .expect(400);
  });

  it("audits an import with its request's user agent and id", async () => {
    const tag = uniqueTag('AU');
    const csv = identityCsv([{ first: tag }]);
    const imported = await upload(app, admin.accessToken, csv)
      .set('User-Agent', 'roster-tool/2.0')
      .expect(201);
    const audits = await db.query<Record<string, unknown>[]>(
      `SELECT actor_id, outcome, user_agent, request_id FROM audit_logs
        WHERE action = 'data.import' AND target_id = $1`,
      [imported.body.import_id],
    );
    expect(audits).toEqual([
      {
        actor_id: admin.user.id,
        outcome: 'success',
        user_agent: 'roster-tool/2.0',
        request_id: imported.headers['x-request-id'],
      },
    ]);
  });

  it('leaves nothing half-written when the import fails after writing rows', async () => {
    const tag = uniqueTag('CR');
    const csv = identityCsv([{ first: tag }, { first: tag }]);
    const importer = new StudentImporter(db, loadConfig(process.env).import);
    await expect(
      importer.run(
        { fileName: 'crash.csv', size: csv.length, open: () => Readable.from([Buffer.from(csv)]) },
        { mode: 'atomic', dryRun: false, idempotencyKey: 'crash-' + tag, actorId: null },
        {
          beforeCommit: async (_report, manager) => {
            const written = await manager.query<unknown[]>(
              'SELECT 1 FROM student_profiles WHERE first_name = $1',
              [tag],
            );
            expect(written).toHaveLength(2);
            throw new Error('simulated crash');
          },
        },
      ),
    ).rejects.toThrow('simulated crash');
    expect(await studentsNamed(tag)).toHaveLength(0);
    const reports = await db.query<{ status: string; idempotency_key: string | null }[]>(
      `SELECT status, idempotency_key FROM data_imports WHERE file_name = 'crash.csv' AND file_hash = encode(sha256($1::bytea), 'hex')`,
      [Buffer.from(csv)],
    );
    expect(reports).toEqual([{ status: 'failed', idempotency_key: null }]);

    // The key of a failed import can be used again.
    const retried = await importer.run(
      { fileName: 'crash.csv', size: csv.length, open: () => Readable.from([Buffer.from(csv)]) },
      { mode: 'atomic', dryRun: false, idempotencyKey: 'crash-' + tag, actorId: null },
    );
    expect(retried.report).toMatchObject({ status: 'completed', inserted: 2 });
  });

  it("writes the audit row in the import's transaction: it rolls back with a failing import, and commits with one that succeeds", async () => {
    const tag = uniqueTag('AT');
    const csv = identityCsv([{ first: tag }]);
    // The app's importer and audit service: the import's transaction is on the heavy pool.
    const importer = app.get(StudentImporter);
    const audit = app.get(AuditService);
    const source = () => ({
      fileName: 'audited.csv',
      size: csv.length,
      open: () => Readable.from([Buffer.from(csv)]),
    });
    const auditRows = (reportId: string) =>
      db.query<{ outcome: string }[]>(
        `SELECT outcome FROM audit_logs WHERE action = 'data.import' AND target_id = $1`,
        [reportId],
      );
    const seen: { reportId: string; inImport: number; outside: number }[] = [];
    const auditThen = (fail: boolean) => ({
      beforeCommit: async (report: { id: string }, transaction: EntityManager) => {
        await audit.record({
          action: 'data.import',
          target_type: 'data_import',
          target_id: report.id,
        });
        const inImport = await transaction.query<unknown[]>(
          `SELECT 1 FROM audit_logs WHERE target_id = $1`,
          [report.id],
        );
        const outside = (await auditRows(report.id)).length;
        seen.push({ reportId: report.id, inImport: inImport.length, outside });
        if (fail) throw new Error('simulated crash after the audit row');
      },
    });
    const request = { mode: 'atomic' as const, dryRun: false, idempotencyKey: null, actorId: null };

    await expect(importer.run(source(), request, auditThen(true))).rejects.toThrow(
      'simulated crash after the audit row',
    );
    expect(await studentsNamed(tag)).toHaveLength(0);
    const done = await importer.run(source(), request, auditThen(false));
    expect(done.report).toMatchObject({ status: 'completed', inserted: 1 });

    // Both times the row was written in the import's transaction, unseen from outside it.
    expect(seen).toEqual([
      { reportId: expect.any(String), inImport: 1, outside: 0 },
      { reportId: done.report.id, inImport: 1, outside: 0 },
    ]);
    // The failing import's row was rolled back with it; the successful one's committed.
    expect(await auditRows(seen[0].reportId)).toEqual([]);
    expect(await auditRows(done.report.id)).toEqual([{ outcome: 'success' }]);
  });
});

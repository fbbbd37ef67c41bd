import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SchoolStudentIds1796186378961 } from '../migrations/1796186378961-SchoolStudentIds';
import { bearer, createUserAndLogin, LoggedInUser } from './helpers/auth';
import {
  exportJson,
  exportText,
  identityCsv,
  seedRow,
  uniqueTag,
  upload,
} from './helpers/import-export';
import { createTestApp } from './helpers/test-app';
import { LOW_ATTENDANCE, studentBody, uniqueToken } from './students/student-factory';

const RULE = "1 to 32 letters, digits, '-', '_' or '.'";

describe("Student ids: the school's own", () => {
  let app: NestExpressApplication;
  let db: DataSource;
  let teacher: LoggedInUser;
  let admin: LoggedInUser;
  const http = () => request(app.getHttpServer());

  const create = (body: Record<string, unknown>) =>
    http().post('/api/students').set(bearer(teacher.accessToken)).send(studentBody(body));

  const idsNamed = async (lastName: string, sort?: string): Promise<string[]> => {
    const res = await http()
      .get('/api/students')
      .query({ search: lastName, per_page: 100, ...(sort ? { sort } : {}) })
      .set(bearer(teacher.accessToken))
      .expect(200);
    return (res.body.data as { student_id: string }[]).map((s) => s.student_id);
  };

  beforeAll(async () => {
    app = await createTestApp();
    db = app.get(DataSource);
    [teacher, admin] = await Promise.all([
      createUserAndLogin(app, { role: 'teacher' }),
      createUserAndLogin(app, { role: 'administrator' }),
    ]);
  });

  afterAll(async () => {
    await app.close();
  });

  it("creates students under the school's ids, up to 32 characters", async () => {
    const longest = `L${'0123456789'.repeat(3)}x`;
    expect(longest).toHaveLength(32);
    for (const id of ['2024-0012', 'S12345', 'a.b_c-1', longest]) {
      const res = await create({ student_id: id }).expect(201);
      expect(res.body.student_id).toBe(id);
      expect(res.headers.location).toBe(`/api/students/${id}`);
    }
  });

  it('refuses an id that is too long or has other characters, with a clear 400', async () => {
    for (const id of [`L${'0123456789'.repeat(3)}xy`, 'bad id', 'é', '', 'a/b']) {
      const res = await create({ student_id: id }).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors).toEqual([
        expect.objectContaining({ field: 'student_id', message: `student_id must be ${RULE}` }),
      ]);
    }
  });

  it('takes an id once whatever its case: s12345 after S12345 is a 409', async () => {
    await create({ student_id: 'Case-77' }).expect(201);
    const res = await create({ student_id: 'case-77' }).expect(409);
    expect(res.body.code).toBe('student_id_taken');
    const [{ count }] = await db.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM student_profiles WHERE lower(student_id) = 'case-77'`,
    );
    expect(count).toBe(1);
  });

  it('finds, changes and deletes a student by its id in any case', async () => {
    const token = uniqueToken();
    await create({ student_id: 'Mixed-Case.9', last_name: token }).expect(201);
    const found = await http()
      .get('/api/students/mixed-CASE.9')
      .set(bearer(teacher.accessToken))
      .expect(200);
    expect(found.body.student_id).toBe('Mixed-Case.9');
    const patched = await http()
      .patch('/api/students/MIXED-CASE.9')
      .set(bearer(teacher.accessToken))
      .send({ first_name: 'Zoë' })
      .expect(200);
    expect(patched.body).toMatchObject({ student_id: 'Mixed-Case.9', first_name: 'Zoë' });
    await http().get('/api/students/Mixed-Case.8').set(bearer(teacher.accessToken)).expect(404);
    await http().delete('/api/students/mixed-case.9').set(bearer(admin.accessToken)).expect(204);
    await http().get('/api/students/Mixed-Case.9').set(bearer(teacher.accessToken)).expect(404);
  });

  it('predicts a batch by ids in any case, answering with the stored ids and not_found as sent', async () => {
    const token = uniqueToken();
    const ids = [`Batch-${token}.1`, `Batch-${token}.2`];
    for (const id of ids) await create({ student_id: id, last_name: token }).expect(201);
    const asked = [ids[1].toLowerCase(), ids[0].toUpperCase(), `batch-${token}.3`];
    const res = await http()
      .post('/api/predictions/batch')
      .set(bearer(teacher.accessToken))
      .send({ student_ids: asked })
      .expect(200);
    expect((res.body.predictions as { student_id: string }[]).map((p) => p.student_id)).toEqual([
      ids[1],
      ids[0],
    ]);
    expect(res.body.not_found).toEqual([`batch-${token}.3`]);
    const [{ count }] = await db.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM predictions p
         JOIN student_profiles s ON s.id = p.student_profile_id WHERE s.last_name = $1`,
      [token],
    );
    expect(count).toBe(2);

    // One student named twice, in two cases, is a repeated id.
    const twice = await http()
      .post('/api/predictions/batch')
      .set(bearer(teacher.accessToken))
      .send({ student_ids: [ids[0], ids[0].toLowerCase()] })
      .expect(400);
    expect(twice.body.errors).toEqual([
      expect.objectContaining({
        field: 'student_ids',
        message: 'student_ids must not repeat an id',
      }),
    ]);
  });

  it("filters the alerts by a student's id in any case", async () => {
    const token = uniqueToken();
    const id = `Alert-${token}`;
    await create({ ...LOW_ATTENDANCE, student_id: id, last_name: token }).expect(201);
    await http().get(`/api/predictions/${id}`).set(bearer(teacher.accessToken)).expect(200);
    const alertsFor = async (asked: string) => {
      const res = await http()
        .get('/api/alerts')
        .query({ student_id: asked, per_page: 100 })
        .set(bearer(teacher.accessToken))
        .expect(200);
      return res.body.data as { id: string; student_id: string }[];
    };
    const exact = await alertsFor(id);
    expect(exact.length).toBeGreaterThan(0);
    expect(exact.every((a) => a.student_id === id)).toBe(true);
    expect(await alertsFor(id.toLowerCase())).toEqual(exact);
    expect(await alertsFor(id.toUpperCase())).toEqual(exact);
    expect(await alertsFor(`${id}x`)).toEqual([]);
  });

  it('still generates STU ids, skipping a number the school took in another case', async () => {
    const first = await create({}).expect(201);
    const match = /^STU(\d{4,})$/.exec(first.body.student_id as string);
    expect(match).not.toBeNull();
    const n = Number(match![1]);
    const pad = (k: number) => String(k).padStart(4, '0');
    // The school's ids, one of them the next generated number in lower case.
    await create({ student_id: `stu${pad(n + 1)}` }).expect(201);
    await create({ student_id: 'S-99' }).expect(201);
    const next = await create({}).expect(201);
    expect(next.body.student_id).toBe(`STU${pad(n + 2)}`);
    const after = await create({}).expect(201);
    expect(after.body.student_id).toBe(`STU${pad(n + 3)}`);
  });

  it('sorts generated ids by number and the school ids in text order before them', async () => {
    const token = uniqueToken();
    for (const id of ['STU100000', 'M-20', 'STU99999', 'K-100']) {
      await create({ student_id: id, last_name: token }).expect(201);
    }
    expect(await idsNamed(token)).toEqual(['K-100', 'M-20', 'STU99999', 'STU100000']);
    expect(await idsNamed(token, '-student_id')).toEqual([
      'STU100000',
      'STU99999',
      'M-20',
      'K-100',
    ]);
  });

  it('exports CSV and JSON in the students list order when the ids have different lengths', async () => {
    const token = uniqueToken();
    for (const id of ['STU100001', 'ZZ-1', 'STU99998', 'AAAA-100', 'B-2']) {
      await create({ student_id: id, last_name: token }).expect(201);
    }
    const listed = await idsNamed(token);
    expect(listed).toEqual(['AAAA-100', 'B-2', 'ZZ-1', 'STU99998', 'STU100001']);
    const csv = await exportText(app, teacher.accessToken, { search: token }).expect(200);
    const lines = (csv.body as string).trimEnd().split('\n').slice(1);
    expect(lines.map((line) => line.split(',')[0])).toEqual(listed);
    const json = await exportJson(app, teacher.accessToken, { search: token }).expect(200);
    expect((json.body as { student_id: string }[]).map((s) => s.student_id)).toEqual(listed);
  });

  it("imports a roster with the school's ids; a stored id in another case updates its student", async () => {
    const tag = uniqueTag('SI');
    await create({ student_id: 'Roster-1', last_name: tag, first_name: 'Before' }).expect(201);
    const csv = identityCsv([
      { id: '2025-0001', first: 'Ana', last: tag, data: seedRow(0) },
      { id: 'S77001', first: 'Ben', last: tag, data: seedRow(1) },
      { id: 'x.y_z-2', first: 'Cy', last: tag, data: seedRow(2) },
      { id: 'roster-1', first: 'After', last: tag, data: seedRow(3) },
      { first: 'Dee', last: tag, data: seedRow(4) },
    ]);
    const res = await upload(app, admin.accessToken, csv).expect(201);
    expect(res.body).toMatchObject({ inserted: 4, updated: 1, error_count: 0 });
    const ids = await idsNamed(tag);
    expect(ids.slice(0, 4)).toEqual(['2025-0001', 'Roster-1', 'S77001', 'x.y_z-2']);
    expect(ids[4]).toMatch(/^STU\d{4,}$/);
    const updated = await http()
      .get('/api/students/ROSTER-1')
      .set(bearer(teacher.accessToken))
      .expect(200);
    expect(updated.body).toMatchObject({ student_id: 'Roster-1', first_name: 'After' });
  });

  it('refuses an import row whose Student_ID breaks the rule, naming row and column', async () => {
    const tag = uniqueTag('SB');
    const csv = identityCsv([
      { id: 'ok-1', first: tag, data: seedRow(0) },
      { id: 'bad id', first: tag, data: seedRow(1) },
    ]);
    const res = await upload(app, admin.accessToken, csv).expect(422);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        row: 3,
        column: 'Student_ID',
        code: 'invalid_value',
        message: `Student_ID must be ${RULE} (got "bad id").`,
      }),
    ]);
  });

  it("the migration's down refuses while a school id exists; up and down keep the STU ids", async () => {
    const migration = new SchoolStudentIds1796186378961();
    const runner = db.createQueryRunner();
    await runner.connect();
    try {
      const [{ count }] = (await runner.query(
        `SELECT count(*)::int AS count FROM student_profiles
          WHERE student_id !~ '^STU[0-9]{4,}$' OR length(student_id) > 20`,
      )) as { count: number }[];
      expect(count).toBeGreaterThan(0);
      await expect(migration.down(runner)).rejects.toThrow(
        `Cannot revert SchoolStudentIds: ${count} student(s) have an id that is not STU0001 style`,
      );
      // Nothing was changed: a school id is still accepted.
      await create({ student_id: 'After-Refusal' }).expect(201);

      await runner.startTransaction();
      try {
        await runner.query(
          `DELETE FROM student_profiles WHERE student_id !~ '^STU[0-9]{4,}$' OR length(student_id) > 20`,
        );
        const [{ kept }] = (await runner.query(
          'SELECT count(*)::int AS kept FROM student_profiles',
        )) as { kept: number }[];
        await migration.down(runner);
        const [column] = (await runner.query(
          `SELECT character_maximum_length AS length FROM information_schema.columns
            WHERE table_name = 'student_profiles' AND column_name = 'student_id'`,
        )) as { length: number }[];
        expect(column.length).toBe(20);
        await runner.query('SAVEPOINT before_update');
        await expect(
          runner.query(`UPDATE student_profiles SET student_id = 'S12399' WHERE ctid IN
            (SELECT ctid FROM student_profiles LIMIT 1)`),
        ).rejects.toThrow(/student_profiles_student_id_check/);
        await runner.query('ROLLBACK TO SAVEPOINT before_update');

        await migration.up(runner);
        const [{ after }] = (await runner.query(
          'SELECT count(*)::int AS after FROM student_profiles',
        )) as { after: number }[];
        expect(after).toBe(kept);
        await runner.query(`UPDATE student_profiles SET student_id = 'Up-Again.1' WHERE ctid IN
            (SELECT ctid FROM student_profiles LIMIT 1)`);
        await runner.query('SAVEPOINT before_duplicate');
        await expect(
          runner.query(`UPDATE student_profiles SET student_id = 'up-again.1' WHERE ctid IN
            (SELECT ctid FROM student_profiles WHERE student_id <> 'Up-Again.1' LIMIT 1)`),
        ).rejects.toThrow(/student_profiles_student_id_lower_key/);
        await runner.query('ROLLBACK TO SAVEPOINT before_duplicate');
      } finally {
        // The test's own database keeps its students and the current schema.
        await runner.rollbackTransaction();
      }
    } finally {
      await runner.release();
    }
  });
});

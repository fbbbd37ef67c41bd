import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createUserAndLogin, LoggedInUser } from './helpers/auth';
import { identityCsv, uniqueTag, upload } from './helpers/import-export';
import { createTestApp } from './helpers/test-app';

describe('Data import: generated Student_IDs', () => {
  let app: NestExpressApplication;
  let db: DataSource;
  let admin: LoggedInUser;

  beforeAll(async () => {
    app = await createTestApp();
    db = app.get(DataSource);
    admin = await createUserAndLogin(app, { role: 'administrator' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('numbers rows without a Student_ID in file order, one number each, between rows with ids', async () => {
    const tag = uniqueTag('GI');
    const own = (i: number) => `${tag}-${i}`;
    // Rows 1, 4, 7, ... carry the school's own id; the others get generated ones.
    const rows = Array.from({ length: 30 }, (_, i) => ({
      id: i % 3 === 0 ? own(i) : undefined,
      first: tag,
      last: `L${String(i).padStart(2, '0')}`,
    }));
    const res = await upload(app, admin.accessToken, identityCsv(rows)).expect(201);
    expect(res.body).toMatchObject({ status: 'completed', inserted: 30, updated: 0 });

    const stored = await db.query<{ student_id: string; last_name: string }[]>(
      'SELECT student_id, last_name FROM student_profiles WHERE first_name = $1 ORDER BY last_name',
      [tag],
    );
    expect(stored.map((s) => s.last_name)).toEqual(rows.map((r) => r.last));
    const generated = stored.filter((_, i) => i % 3 !== 0).map((s) => s.student_id);
    expect(stored.filter((_, i) => i % 3 === 0).map((s) => s.student_id)).toEqual(
      rows.filter((r) => r.id !== undefined).map((r) => r.id),
    );
    const [{ last_value: after }] = await db.query<{ last_value: string }[]>(
      'SELECT last_value FROM student_profiles_student_number_seq',
    );
    // Twenty rows drew twenty numbers, in the order of the file, with no gap: the sequence
    // ends at the last of them.
    const first = Number(after) - 19;
    expect(generated).toEqual(
      Array.from({ length: 20 }, (_, i) => `STU${String(first + i).padStart(4, '0')}`),
    );
  });
});

import { randomUUID } from 'node:crypto';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createUserAndLogin, LoggedInUser } from './helpers/auth';
import { exportText, identityCsv, seedRow, uniqueTag, upload } from './helpers/import-export';
import { createTestApp } from './helpers/test-app';

// Slower than Jest's default 5 s on a busy machine (app start-up, thousands of rows).

/** `csv` with one more column, Homeroom, that no student field takes. */
function withHomeroomColumn(csv: string): string {
  const [header, ...rows] = csv.trimEnd().split('\n');
  return [`${header},Homeroom`, ...rows.map((row, i) => `${row},H${i + 1}`)].join('\n') + '\n';
}

describe('Data import: idempotency', () => {
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

  async function countNamed(firstName: string): Promise<number> {
    const [{ n }] = await db.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM student_profiles WHERE first_name = $1',
      [firstName],
    );
    return n;
  }

  it('replays the first result for a repeated Idempotency-Key, without importing again', async () => {
    const tag = uniqueTag('IK');
    const key = randomUUID();
    const csv = identityCsv([{ first: tag }, { first: tag }]);
    const first = await upload(app, admin.accessToken, csv, { key }).expect(201);
    expect(first.body.replayed).toBe(false);

    const again = await upload(app, admin.accessToken, csv, { key }).expect(200);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    expect(again.headers.location).toBeUndefined();
    expect(await countNamed(tag)).toBe(2);
  });

  it('refuses the same key with other content or another mode (422 idempotency_key_reused)', async () => {
    const tag = uniqueTag('IK');
    const key = randomUUID();
    const first = await upload(app, admin.accessToken, identityCsv([{ first: tag }]), {
      key,
    }).expect(201);

    const other = await upload(app, admin.accessToken, identityCsv([{ first: tag, age: '12' }]), {
      key,
    }).expect(422);
    expect(other.body).toMatchObject({
      code: 'idempotency_key_reused',
      import_id: first.body.import_id,
    });
    const otherMode = await upload(app, admin.accessToken, identityCsv([{ first: tag }]), {
      key,
      query: { mode: 'partial' },
    }).expect(422);
    expect(otherMode.body.code).toBe('idempotency_key_reused');
    expect(await countNamed(tag)).toBe(1);
  });

  it('refuses the same key and file with another unknown_columns, in the request or as a job', async () => {
    const tag = uniqueTag('IK');
    const key = randomUUID();
    const csv = withHomeroomColumn(identityCsv([{ first: tag }]));
    const first = await upload(app, admin.accessToken, csv, { key }).expect(201);
    expect(first.body.columns.ignored).toEqual(['Homeroom']);

    const strict = await upload(app, admin.accessToken, csv, {
      key,
      query: { unknown_columns: 'error' },
    }).expect(422);
    expect(strict.body).toMatchObject({
      code: 'idempotency_key_reused',
      import_id: first.body.import_id,
    });
    const strictJob = await upload(app, admin.accessToken, csv, {
      key,
      query: { unknown_columns: 'error', async: 'true' },
    }).expect(422);
    expect(strictJob.body).toMatchObject({
      code: 'idempotency_key_reused',
      import_id: first.body.import_id,
    });
    // The same options as the first request, spelt out, replay it.
    const same = await upload(app, admin.accessToken, csv, {
      key,
      query: { unknown_columns: 'ignore' },
    }).expect(200);
    expect(same.body).toMatchObject({ import_id: first.body.import_id, replayed: true });
    expect(await countNamed(tag)).toBe(1);
  });

  it('refuses the same key and file with another unknown_columns when the first was refused', async () => {
    const tag = uniqueTag('IK');
    const key = randomUUID();
    const csv = withHomeroomColumn(identityCsv([{ first: tag }]));
    const first = await upload(app, admin.accessToken, csv, {
      key,
      query: { unknown_columns: 'error' },
    }).expect(422);
    expect(first.body.code).toBe('import_rejected');

    const lenient = await upload(app, admin.accessToken, csv, { key }).expect(422);
    expect(lenient.body).toMatchObject({
      code: 'idempotency_key_reused',
      import_id: first.body.import_id,
    });
    expect(await countNamed(tag)).toBe(0);
  });

  it('replays a refused import for its key, with the same 422', async () => {
    const tag = uniqueTag('IK');
    const key = randomUUID();
    const bad = identityCsv([{ first: tag, age: '1' }]);
    const first = await upload(app, admin.accessToken, bad, { key }).expect(422);
    const again = await upload(app, admin.accessToken, bad, { key }).expect(422);
    expect(again.body).toMatchObject({
      code: 'import_rejected',
      import_id: first.body.import_id,
      replayed: true,
    });
  });

  it('handles two simultaneous requests with the same key as one import', async () => {
    const tag = uniqueTag('IK');
    const key = randomUUID();
    const csv = identityCsv([{ first: tag }, { first: tag }, { first: tag }]);
    const [a, b] = await Promise.all([
      upload(app, admin.accessToken, csv, { key }),
      upload(app, admin.accessToken, csv, { key }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.import_id).toBe(b.body.import_id);
    expect(await countNamed(tag)).toBe(3);
  });

  it('replays the same content without a key when it has rows without Student_ID, so nobody is created twice', async () => {
    const tag = uniqueTag('IC');
    const csv = identityCsv([{ first: tag }, { first: tag }]);
    const first = await upload(app, admin.accessToken, csv).expect(201);
    const again = await upload(app, admin.accessToken, csv).expect(200);
    expect(again.body).toMatchObject({ import_id: first.body.import_id, replayed: true });
    expect(await countNamed(tag)).toBe(2);

    // A dry run is never replayed by content: it reports on the current data.
    const dry = await upload(app, admin.accessToken, csv, { query: { dry_run: 'true' } }).expect(
      200,
    );
    expect(dry.body).toMatchObject({ replayed: false, dry_run: true, inserted: 2 });
  });

  it('applies a file whose rows all have Student_ID again (an upsert, idempotent by itself)', async () => {
    const tag = uniqueTag('IU');
    await upload(app, admin.accessToken, identityCsv([{ first: tag }, { first: tag }])).expect(201);
    const exported = await exportText(app, admin.accessToken, { search: tag }).expect(200);
    const first = await upload(app, admin.accessToken, exported.body as string).expect(201);
    const second = await upload(app, admin.accessToken, exported.body as string).expect(201);
    expect(second.body.import_id).not.toBe(first.body.import_id);
    expect(second.body).toMatchObject({ replayed: false, inserted: 0, updated: 0, unchanged: 2 });
    expect(await countNamed(tag)).toBe(2);
  });

  it('checks the Idempotency-Key header', async () => {
    const csv = identityCsv([{ first: uniqueTag('IK'), data: seedRow(3) }]);
    for (const key of ['has space', 'x'.repeat(256), 'tab\tkey']) {
      const res = await upload(app, admin.accessToken, csv, { key }).expect(400);
      expect(res.body.code).toBe('invalid_idempotency_key');
    }
  });
});

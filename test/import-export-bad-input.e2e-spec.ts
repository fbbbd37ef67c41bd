import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, createUserAndLogin, LoggedInUser } from './helpers/auth';
import { DATA_HEADER, identityCsv, seedRow, uniqueTag, upload } from './helpers/import-export';
import { createTestApp } from './helpers/test-app';

// Slower than Jest's default 5 s on a busy machine (app start-up, thousands of rows).

describe('Data import: bad input gets a clear problem and writes nothing', () => {
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

  async function countAll(): Promise<number> {
    const [{ n }] = await db.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM student_profiles',
    );
    return n;
  }

  /** Uploads in both modes; each must be refused with a 422 whose first problem is `code`, storing no student. */
  async function expectRejected(
    content: string | Buffer,
    code: string,
    query: Record<string, string> = {},
  ) {
    const studentsBefore = await countAll();
    for (const mode of ['atomic', 'partial']) {
      const res = await upload(app, admin.accessToken, content, {
        query: { ...query, mode },
      }).expect(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'import_rejected', inserted: 0, updated: 0 });
      expect(res.body.errors[0].code).toBe(code);
      expect(res.body.detail).toMatch(/nothing was imported/);
      const stored = await request(app.getHttpServer())
        .get(`/api/data/imports/${String(res.body.import_id)}`)
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(stored.body.status).toBe('rejected');
      expect(await countAll()).toBe(studentsBefore);
    }
    return upload(app, admin.accessToken, content, { query }).expect(422);
  }

  it('an empty file', async () => {
    await expectRejected('', 'empty_file');
    await expectRejected('\n\n', 'empty_file');
  });

  it('a header without data rows', async () => {
    const res = await expectRejected(`${DATA_HEADER}\n`, 'no_data_rows');
    expect(res.body.errors[0].message).toBe('The file has a header but no data rows.');
  });

  it('a blank first row before the header', async () => {
    await expectRejected(`\n${DATA_HEADER}\n${seedRow(0)}\n`, 'no_header');
  });

  it('unknown columns with unknown_columns=error, listed one by one', async () => {
    const tag = uniqueTag('UC');
    const csv = `First_Name,Shoe_Size,${DATA_HEADER},Favourite Colour\n${tag},42,${seedRow(0)},blue\n`;
    const res = await expectRejected(csv, 'unknown_column', { unknown_columns: 'error' });
    expect(res.body.errors).toEqual([
      expect.objectContaining({ row: 1, column: 'Shoe_Size', code: 'unknown_column' }),
      expect.objectContaining({ row: 1, column: 'Favourite Colour', code: 'unknown_column' }),
    ]);
  });

  it('missing required columns, named', async () => {
    const tag = uniqueTag('MC');
    const header = DATA_HEADER.replace('Attendance,', '').replace(',Gender', '');
    const data = seedRow(0).split(',');
    data.splice(18, 1);
    data.splice(1, 1);
    const res = await expectRejected(
      `First_Name,${header}\n${tag},${data.join(',')}\n`,
      'missing_column',
    );
    expect(res.body.errors.map((e: { column: string }) => e.column)).toEqual([
      'Attendance',
      'Gender',
    ]);
    expect(res.body.detail).toMatch(/Required column Attendance is missing/);
  });

  it('a column given twice', async () => {
    const csv = `Gender,${DATA_HEADER}\nMale,${seedRow(0)}\n`;
    const res = await expectRejected(csv, 'duplicate_column');
    expect(res.body.errors[0].column).toBe('Gender');
  });

  it('an unterminated quote', async () => {
    const tag = uniqueTag('UQ');
    const csv = identityCsv([{ first: tag }, { first: `"${tag}` }, { first: tag }]);
    const res = await expectRejected(csv, 'unterminated_quote');
    expect(res.body.errors[0].row).toBe(3);
  });

  it('binary data and text that is not UTF-8', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49]);
    await expectRejected(png, 'not_utf8');
    const nul = Buffer.concat([Buffer.from(`${DATA_HEADER}\n`), Buffer.alloc(64)]);
    await expectRejected(nul, 'not_text');
    const tag = uniqueTag('L1');
    const latin1 = Buffer.from(identityCsv([{ first: tag, last: 'Müller' }]), 'latin1');
    const res = await expectRejected(latin1, 'not_utf8');
    expect(res.body.errors[0].message).toMatch(/UTF-8/);
  });

  it('a 10-million-character cell, refused without reading it all', async () => {
    const tag = uniqueTag('LF');
    const huge = 'x'.repeat(10_000_000);
    const csv = identityCsv([{ first: tag }, { first: tag, last: huge }]);
    const started = Date.now();
    const res = await upload(app, admin.accessToken, csv).expect(422);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(res.body.errors).toEqual([expect.objectContaining({ row: 3, code: 'field_too_long' })]);
    expect(res.body.errors[0].message).toMatch(/longer than 256 characters/);
    expect(await countNamed(tag)).toBe(0);
  });

  it('rows with the wrong number of cells', async () => {
    const tag = uniqueTag('CC');
    const csv = `${identityCsv([{ first: tag }])}${tag},${seedRow(1)}\n`;
    const res = await upload(app, admin.accessToken, csv).expect(422);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ row: 3, column: null, code: 'cell_count' }),
    ]);
    expect(await countNamed(tag)).toBe(0);
  });

  it('lists the first 100 problems and counts the rest', async () => {
    const tag = uniqueTag('MP');
    const rows = Array.from({ length: 151 }, (_, i) => ({
      first: tag,
      age: i === 0 ? '' : '1',
      data: seedRow(i),
    }));
    const res = await upload(app, admin.accessToken, identityCsv(rows), {
      query: { mode: 'partial' },
    }).expect(201);
    expect(res.body).toMatchObject({
      rows_total: 151,
      inserted: 1,
      skipped: 150,
      error_count: 150,
      errors_truncated: true,
    });
    expect(res.body.errors).toHaveLength(100);
    expect(res.body.errors[0]).toMatchObject({ row: 3, column: 'Age' });
    expect(await countNamed(tag)).toBe(1);
  });

  it('accepts a BOM, ; separators, decimal commas, CRLF and loosely written headers', async () => {
    const tag = uniqueTag('EU');
    const header = `student id;FIRST NAME;${DATA_HEADER.toLowerCase().replace(/_/g, ' ').replace(/,/g, ';')}`;
    const row = seedRow(0).split(',');
    row[5] = '7,5';
    const csv = `\uFEFF${header}\r\n;${tag};${row.join(';')}\r\n`;
    const res = await upload(app, admin.accessToken, csv).expect(201);
    expect(res.body).toMatchObject({ inserted: 1, error_count: 0 });
    const [stored] = await db.query<{ sleep_hours: number }[]>(
      'SELECT sleep_hours FROM student_profiles WHERE first_name = $1',
      [tag],
    );
    expect(stored.sleep_hours).toBe(7.5);
  });

  it('a request without a file, or with bad options', async () => {
    const missing = await request(app.getHttpServer())
      .post('/api/data/import')
      .set(bearer(admin.accessToken))
      .field('other', 'x')
      .expect(400);
    expect(missing.body.code).toBe('import_file_missing');
    const json = await request(app.getHttpServer())
      .post('/api/data/import')
      .set(bearer(admin.accessToken))
      .send({ file: 'a,b' })
      .expect(400);
    expect(json.body.code).toBe('import_file_missing');
    const csv = identityCsv([{ first: uniqueTag('BO') }]);
    const mode = await upload(app, admin.accessToken, csv, { query: { mode: 'some' } }).expect(400);
    expect(mode.body.code).toBe('validation_failed');
    await upload(app, admin.accessToken, csv, { query: { dry_run: 'maybe' } }).expect(400);
    const twoFiles = await request(app.getHttpServer())
      .post('/api/data/import')
      .set(bearer(admin.accessToken))
      .attach('file', Buffer.from(csv), 'a.csv')
      .attach('file', Buffer.from(csv), 'b.csv')
      .expect(400);
    expect(twoFiles.body.status).toBe(400);
  });

  describe('with small limits', () => {
    let small: NestExpressApplication;
    let smallAdmin: LoggedInUser;

    beforeAll(async () => {
      small = await createTestApp({ IMPORT_MAX_ROWS: '3', IMPORT_MAX_BYTES: '4096' });
      smallAdmin = await createUserAndLogin(small, { role: 'administrator' });
    });

    afterAll(async () => {
      await small.close();
    });

    it('more rows than IMPORT_MAX_ROWS is a 413 with the report', async () => {
      const tag = uniqueTag('MR');
      const csv = identityCsv([0, 1, 2, 3].map(() => ({ first: tag })));
      const res = await upload(small, smallAdmin.accessToken, csv, {
        query: { mode: 'partial' },
      }).expect(413);
      expect(res.body).toMatchObject({ code: 'import_too_large', status: 413 });
      expect(res.body.errors[0]).toMatchObject({ row: 5, code: 'too_many_rows' });
      expect(await countNamed(tag)).toBe(0);
    });

    it('a file larger than IMPORT_MAX_BYTES is a 413', async () => {
      const tag = uniqueTag('MB');
      const csv = identityCsv([{ first: tag, last: 'y'.repeat(200) }]) + '\n'.repeat(5000);
      const res = await upload(small, smallAdmin.accessToken, csv).expect(413);
      expect(res.body.code).toBe('payload_too_large');
      expect(await countNamed(tag)).toBe(0);
    });
  });
});

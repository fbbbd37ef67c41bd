import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { bearer, createUserAndLogin, LoggedInUser } from './helpers/auth';
import { exportJson, identityCsv, uniqueTag, upload } from './helpers/import-export';
import { createTestApp } from './helpers/test-app';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('Data export and import with Excel: byte-order mark and files that are not UTF-8', () => {
  let app: NestExpressApplication;
  let admin: LoggedInUser;
  let tag: string;

  beforeAll(async () => {
    app = await createTestApp();
    admin = await createUserAndLogin(app, { role: 'administrator' });
    tag = uniqueTag('XL');
    const csv = identityCsv([
      { first: tag, last: 'Zoë' },
      { first: tag, last: "O'Brien" },
    ]);
    await upload(app, admin.accessToken, csv).expect(201);
  });

  afterAll(async () => {
    await app.close();
  });

  /** GET /api/data/export of this suite's students, as raw bytes. */
  function exportBytes(query: Record<string, string>, headers: Record<string, string> = {}) {
    const req = request(app.getHttpServer())
      .get('/api/data/export')
      .query({ search: tag, ...query })
      .set(bearer(admin.accessToken));
    for (const [name, value] of Object.entries(headers)) req.set(name, value);
    return req
      .buffer(true)
      .parse((res, done) => {
        // One character per byte (the response check wants text); `bytes` turns it back.
        let text = '';
        res.setEncoding('latin1');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      })
      .expect(200)
      .then((res) => Buffer.from(res.body as string, 'latin1'));
  }

  const startsWithBom = (body: Buffer): boolean => body.subarray(0, 3).equals(BOM);

  it('bom=true starts the CSV with EF BB BF, and the file imports back unchanged', async () => {
    const res = await exportBytes({ bom: 'true' }, { 'User-Agent': 'curl/8.5.0' });
    const body = res;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body.subarray(3, 14).toString('utf8')).toBe('Student_ID,');
    expect(body.toString('utf8')).toContain('Zoë');
    const again = await upload(app, admin.accessToken, body).expect(201);
    expect(again.body).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
  });

  it('has no BOM for a plain client, nor when bom=false, nor ever in JSON', async () => {
    const plain = await exportBytes({}, { 'User-Agent': 'curl/8.5.0', Accept: '*/*' });
    expect(plain.subarray(0, 11).toString('utf8')).toBe('Student_ID,');
    const off = await exportBytes({ bom: 'false' }, { Accept: 'application/vnd.ms-excel' });
    expect(startsWithBom(off)).toBe(false);
    expect(off.subarray(0, 11).toString('utf8')).toBe('Student_ID,');
    const json = await exportJson(app, admin.accessToken, { search: tag, bom: 'true' })
      .set('Accept', 'application/vnd.ms-excel')
      .expect(200);
    expect(json.text.startsWith('[')).toBe(true);
    expect(json.body).toHaveLength(2);
  });

  it('has a BOM by default for a client that asks for Excel', async () => {
    const byAccept = await exportBytes(
      {},
      { Accept: 'application/vnd.ms-excel, text/csv;q=0.5', 'User-Agent': 'curl/8.5.0' },
    );
    expect(startsWithBom(byAccept)).toBe(true);
    const byAgent = await exportBytes({}, { 'User-Agent': 'Microsoft Office Excel 2014' });
    expect(startsWithBom(byAgent)).toBe(true);
    const powerQuery = await exportBytes({}, { 'User-Agent': 'Microsoft.Data.Mashup' });
    expect(startsWithBom(powerQuery)).toBe(true);
    const imported = await upload(app, admin.accessToken, byAgent).expect(201);
    expect(imported.body).toMatchObject({ inserted: 0, unchanged: 2 });
  });

  it('refuses bom values other than true and false', async () => {
    const res = await request(app.getHttpServer())
      .get('/api/data/export')
      .query({ bom: 'yes' })
      .set(bearer(admin.accessToken))
      .expect(400);
    expect(JSON.stringify(res.body)).toMatch(/bom must be true or false/);
  });

  it('names the row and column of the first byte that is not UTF-8 (Windows-1252), and the fix', async () => {
    const other = uniqueTag('W1');
    const csv = identityCsv([{ first: other }, { first: 'Zoë', last: 'Müller' }]);
    const res = await upload(app, admin.accessToken, Buffer.from(csv, 'latin1')).expect(422);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ row: 3, column: 'First_Name', code: 'not_utf8' }),
    ]);
    expect(res.body.errors[0].message).toMatch(/^Row 3, column First_Name holds a byte/);
    expect(res.body.errors[0].message).toMatch(/"CSV UTF-8/);
  });

  it('locates the bad byte far into a large file, past the first chunks', async () => {
    const other = uniqueTag('W2');
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      first: other,
      last: i === 2499 ? 'Ångström' : `Row${i}`,
    }));
    const lines = identityCsv(rows);
    const res = await upload(app, admin.accessToken, Buffer.from(lines, 'latin1')).expect(422);
    expect(Buffer.byteLength(lines, 'latin1')).toBeGreaterThan(4 * 65_536);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ row: 2501, column: 'Last_Name', code: 'not_utf8' }),
    ]);
  });
});

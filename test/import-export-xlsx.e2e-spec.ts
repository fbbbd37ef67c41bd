import { NestExpressApplication } from '@nestjs/platform-express';
import { Workbook, ValueType } from 'exceljs';
import { crc32, deflateRawSync } from 'node:zlib';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Entry, fromBuffer, ZipFile } from 'yauzl';
import { csvLine } from '../src/import-export/csv/csv-writer';
import { neutraliseFormula } from '../src/import-export/formula-guard';
import { STUDENT_CSV_COLUMNS } from '../src/import-export/student-csv-columns';
import { bearer, createUserAndLogin, LoggedInUser } from './helpers/auth';
import { exportJson, identityCsv, uniqueTag, upload } from './helpers/import-export';
import { createTestApp } from './helpers/test-app';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A ZIP file of deflated entries, in the given order. */
function zipOf(entries: readonly (readonly [string, string | Buffer])[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const file = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const packed = deflateRawSync(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(file.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(file.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, file, packed);
    centrals.push(central, file);
    offset += local.length + file.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The entries of a ZIP file, unpacked, in its order. */
async function zipEntries(zip: Buffer): Promise<[string, Buffer][]> {
  const file = await new Promise<ZipFile>((resolve, reject) =>
    fromBuffer(zip, { lazyEntries: true }, (error, opened) =>
      error ? reject(error) : resolve(opened),
    ),
  );
  const entries: [string, Buffer][] = [];
  await new Promise<void>((resolve, reject) => {
    file.on('error', reject);
    file.on('end', () => resolve());
    file.on('entry', (entry: Entry) => {
      file.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', reject);
        stream.on('end', () => {
          entries.push([entry.fileName, Buffer.concat(chunks)]);
          file.readEntry();
        });
      });
    });
    file.readEntry();
  });
  return entries;
}

/** The CSV cell the exporter wrote for a stored value before PostgreSQL wrote the lines. */
function referenceCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return String(value);
  return neutraliseFormula(value as string);
}

/** The export of `rows` (API student objects) as the earlier row-by-row writer wrote it. */
function referenceCsv(rows: Record<string, unknown>[]): string {
  let text = csvLine(STUDENT_CSV_COLUMNS.map((c) => c.header));
  for (const row of rows)
    text += csvLine(STUDENT_CSV_COLUMNS.map((c) => referenceCell(row[c.field])));
  return text;
}

describe('Excel-friendly files: XLSX export and import, and the CSV export written by PostgreSQL', () => {
  let app: NestExpressApplication;
  let admin: LoggedInUser;
  let dataSource: DataSource;

  beforeAll(async () => {
    app = await createTestApp();
    admin = await createUserAndLogin(app, { role: 'administrator' });
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
  });

  /** GET /api/data/export as raw bytes. */
  function exportBytes(
    query: Record<string, string>,
  ): Promise<{ body: Buffer; type: string; disposition: string }> {
    return request(app.getHttpServer())
      .get('/api/data/export')
      .query(query)
      .set(bearer(admin.accessToken))
      .set('User-Agent', 'curl/8.5.0')
      .buffer(true)
      .parse((res, done) => {
        // One character per byte (the response check wants text); turned back into bytes below.
        let text = '';
        res.setEncoding('latin1');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      })
      .expect(200)
      .then((res) => ({
        body: Buffer.from(res.body as string, 'latin1'),
        type: String(res.headers['content-type']),
        disposition: String(res.headers['content-disposition']),
      }));
  }

  /** Imports `csv`, then gives its students text no API would accept any more (older data). */
  async function studentsWithAwkwardText(tag: string): Promise<void> {
    const firsts = [
      '=HYPERLINK("http://x")',
      "'=already guarded",
      ' leading space',
      'two\nlines',
      'tab\tinside',
      "Zoë O'Brien",
      '-5',
      '@SUM(A1)',
      'cr\ronly',
      'back\\slash',
      'trailing\u00a0',
      'line\u2028sep',
      'crlf\r\nname',
      '"quoted"',
    ];
    const lasts = [tag, `${tag}, Jr.`, `${tag};semi`, `+${tag}`, `"${tag}"`, `${tag} `, `\t${tag}`];
    const csv = identityCsv(firsts.map((_, i) => ({ first: `F${i}`, last: `${tag}x${i}` })));
    await upload(app, admin.accessToken, csv).expect(201);
    const ids = await dataSource.query<{ student_id: string }[]>(
      `SELECT student_id FROM student_profiles WHERE last_name LIKE $1 ORDER BY length(student_id), student_id`,
      [`${tag}x%`],
    );
    expect(ids).toHaveLength(firsts.length);
    for (const [i, { student_id }] of ids.entries()) {
      await dataSource.query(
        `UPDATE student_profiles SET first_name = $2, last_name = $3, email = $4, age = $5,
           exam_score = $6, teacher_quality = $7, physical_activity = $8, hours_studied = $9
         WHERE student_id = $1`,
        [
          student_id,
          firsts[i],
          lasts[i % lasts.length],
          i % 3 === 0 ? null : `s${i}.${tag.toLowerCase()}@school.edu`,
          i % 4 === 0 ? null : 10 + i,
          i % 5 === 0 ? null : [0, 0.1 + 0.2, 67.5, 1e-5, 3.5e-7, 2.000001, 100][i % 7],
          i % 2 === 0 ? null : 'High',
          [0, 0.000015, 1e-6, 1.25e-9, 99.99, 1 / 3][i % 6],
          [-0, 12.5, 0.0001, 7, 33.333333333333336][i % 5],
        ],
      );
    }
  }

  describe('CSV export written by PostgreSQL (COPY)', () => {
    it('is byte for byte what the row-by-row writer gave, on awkward text, nulls and numbers', async () => {
      const tag = uniqueTag('CP');
      await studentsWithAwkwardText(tag);
      const json = await exportJson(app, admin.accessToken, { search: tag }).expect(200);
      const rows = json.body as Record<string, unknown>[];
      expect(rows).toHaveLength(14);
      const { body, type } = await exportBytes({ search: tag, format: 'csv' });
      expect(type).toBe('text/csv; charset=utf-8');
      expect(body.toString('utf8')).toBe(referenceCsv(rows));
      expect(body.toString('utf8')).toContain('"two\nlines"');
      expect(body.toString('utf8')).toContain(`"'=HYPERLINK(""http://x"")"`);
      expect(body.toString('utf8')).toContain(',0.000015,');
    });

    it('writes every student without a filter (read in id-order index order) as the row-by-row writer did', async () => {
      await studentsWithAwkwardText(uniqueTag('CA'));
      const json = await exportJson(app, admin.accessToken, {}).expect(200);
      const rows = json.body as Record<string, unknown>[];
      const [{ n }] = await dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM student_profiles',
      );
      expect(rows).toHaveLength(n);
      const { body } = await exportBytes({});
      expect(body.toString('utf8')).toBe(referenceCsv(rows));
      expect(body.toString('utf8')).toContain(`"'=HYPERLINK(""http://x"")"`);
    });

    it('keeps filters, order and the byte-order mark', async () => {
      const tag = uniqueTag('CF');
      const csv = identityCsv(
        Array.from({ length: 12 }, (_, i) => ({ first: tag, last: `N${i}` })),
      );
      await upload(app, admin.accessToken, csv).expect(201);
      const json = await exportJson(app, admin.accessToken, {
        search: tag,
        min_attendance: '80',
      }).expect(200);
      const rows = json.body as Record<string, unknown>[];
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.length).toBeLessThan(12);
      const plain = await exportBytes({ search: tag, min_attendance: '80' });
      expect(plain.body.toString('utf8')).toBe(referenceCsv(rows));
      const withBom = await exportBytes({ search: tag, min_attendance: '80', bom: 'true' });
      expect([...withBom.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(withBom.body.subarray(3).equals(plain.body)).toBe(true);
      const none = await exportBytes({ search: `${tag}-nobody` });
      expect(none.body.toString('utf8')).toBe(referenceCsv([]));
    });
  });

  describe('XLSX export', () => {
    it('is a workbook with the CSV columns, typed cells and a bold frozen header, audited', async () => {
      const tag = uniqueTag('XE');
      await studentsWithAwkwardText(tag);
      const json = await exportJson(app, admin.accessToken, { search: tag }).expect(200);
      const rows = json.body as Record<string, unknown>[];
      const { body, type, disposition } = await exportBytes({ search: tag, format: 'xlsx' });
      expect(type).toBe(XLSX);
      expect(disposition).toMatch(/^attachment; filename="students-\d{8}-\d{6}\.xlsx"$/);
      expect([...body.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);

      const workbook = new Workbook();
      await workbook.xlsx.load(new Uint8Array(body).buffer);
      const sheet = workbook.worksheets[0];
      expect(sheet.name).toBe('Students');
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      const header = sheet.getRow(1);
      expect(header.font?.bold).toBe(true);
      expect(STUDENT_CSV_COLUMNS.map((c, i) => header.getCell(i + 1).value)).toEqual(
        STUDENT_CSV_COLUMNS.map((c) => c.header),
      );
      expect(sheet.rowCount).toBe(rows.length + 1);
      rows.forEach((row, r) => {
        const cells = sheet.getRow(r + 2);
        STUDENT_CSV_COLUMNS.forEach((column, c) => {
          const cell = cells.getCell(c + 1);
          const value = row[column.field];
          if (value === null) expect(cell.type).toBe(ValueType.Null);
          else if (typeof value === 'number') expect(cell.value).toBe(value);
          else if (typeof value === 'boolean') expect(cell.value).toBe(value ? 'Yes' : 'No');
          // XML keeps no carriage return: a stored CR reads back as a line feed.
          else expect(cell.value).toBe((value as string).replace(/\r\n?/g, '\n'));
        });
      });
      const firstNames = rows.map((_, r) => sheet.getRow(r + 2).getCell(2));
      expect(firstNames.map((cell) => cell.value)).toContain("Zoë O'Brien");
      expect(firstNames.map((cell) => cell.type)).not.toContain(ValueType.Formula);
      expect(firstNames.find((cell) => cell.value === '=HYPERLINK("http://x")')?.type).toBe(
        ValueType.String,
      );
      const ages = rows.map((_, r) => sheet.getRow(r + 2).getCell(4));
      expect(ages.filter((cell) => cell.type === ValueType.Number).length).toBeGreaterThan(5);

      const audited = await dataSource.query<unknown[]>(
        `SELECT details FROM audit_logs WHERE action = 'data.export' AND details->>'format' = 'xlsx'
           AND details->'filters'->>'search' = $1`,
        [tag],
      );
      expect(audited).toHaveLength(1);
    });

    it('refuses an unknown format, naming xlsx among the choices', async () => {
      const res = await request(app.getHttpServer())
        .get('/api/data/export')
        .query({ format: 'ods' })
        .set(bearer(admin.accessToken))
        .expect(400);
      expect(JSON.stringify(res.body)).toMatch(/format must be csv, json or xlsx/);
    });
  });

  describe('XLSX import', () => {
    /** A workbook of `csv`'s cells, numbers as number cells, written by exceljs (not streamed). */
    async function workbookOf(csv: string, rowNumbers?: number[]): Promise<Buffer> {
      const workbook = new Workbook();
      const sheet = workbook.addWorksheet('Roster');
      csv
        .trimEnd()
        .split('\n')
        .forEach((line, i) => {
          const cells = line
            .split(',')
            .map((cell) => (/^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell || null));
          const row = sheet.getRow(rowNumbers?.[i] ?? i + 1);
          row.values = cells;
          row.commit();
        });
      return Buffer.from(await workbook.xlsx.writeBuffer());
    }

    const VOLATILE = new Set([
      'import_id',
      'file_name',
      'file_size',
      'created_at',
      'completed_at',
      'request_id',
      'instance',
    ]);
    function comparable(body: Record<string, unknown>): Record<string, unknown> {
      return Object.fromEntries(Object.entries(body).filter(([key]) => !VOLATILE.has(key)));
    }

    it('imports its own export back: nothing new, every student unchanged', async () => {
      const tag = uniqueTag('XR');
      const csv = identityCsv([
        {
          first: 'Zoë',
          last: `O'Brien ${tag}`,
          age: '15',
          email: `zoe.${tag.toLowerCase()}@school.edu`,
        },
        { first: 'Ana-Lucía', last: `Núñez ${tag}` },
        { first: 'Chloé', last: `D'Arcy ${tag}`, age: '16' },
      ]);
      await upload(app, admin.accessToken, csv).expect(201);
      const { body } = await exportBytes({ search: tag, format: 'xlsx' });
      const again = await upload(app, admin.accessToken, body, { fileName: 'roster.xlsx' }).expect(
        201,
      );
      expect(again.body).toMatchObject({
        status: 'completed',
        inserted: 0,
        updated: 0,
        unchanged: 3,
        rows_total: 3,
      });
      const json = await exportJson(app, admin.accessToken, { search: tag }).expect(200);
      expect((json.body as { first_name: string }[]).map((s) => s.first_name).sort()).toEqual([
        'Ana-Lucía',
        'Chloé',
        'Zoë',
      ]);
    });

    it('gives the same report as the same CSV, for a bad cell and for an extra column', async () => {
      const tag = uniqueTag('XB');
      const good = identityCsv([
        { first: tag, last: 'One' },
        { first: tag, last: 'Two' },
      ]);
      const lines = good.trimEnd().split('\n');
      const cells = lines[2].split(',');
      cells[5] = 'lots'; // Hours_Studied
      const bad = `${[lines[0], lines[1], cells.join(',')].join('\n')}\n`;
      const fromCsv = await upload(app, admin.accessToken, bad).expect(422);
      const fromXlsx = await upload(app, admin.accessToken, await workbookOf(bad), {
        fileName: 'bad.xlsx',
      }).expect(422);
      expect(fromXlsx.body.errors).toEqual([
        expect.objectContaining({ row: 3, column: 'Hours_Studied' }),
      ]);
      expect(comparable(fromXlsx.body)).toEqual(comparable(fromCsv.body));

      const extra = good
        .trimEnd()
        .split('\n')
        .map((line, i) => `${line},${i === 0 ? 'Homeroom' : `H${i}`}`)
        .join('\n');
      const csvExtra = await upload(app, admin.accessToken, `${extra}\n`, {
        query: { dry_run: 'true' },
      });
      const xlsxExtra = await upload(app, admin.accessToken, await workbookOf(extra), {
        fileName: 'extra.xlsx',
        query: { dry_run: 'true' },
      });
      expect(xlsxExtra.status).toBe(csvExtra.status);
      expect(comparable(xlsxExtra.body)).toEqual(comparable(csvExtra.body));
    });

    it("names problems by the sheet's own row numbers, also past rows the sheet leaves out", async () => {
      const tag = uniqueTag('XG');
      const csv = identityCsv([
        { first: tag, last: 'One' },
        { first: tag, last: 'Two', age: 'old' },
      ]);
      const res = await upload(app, admin.accessToken, await workbookOf(csv, [1, 2, 7]), {
        fileName: 'gaps.xlsx',
      }).expect(422);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ row: 7, column: 'Age', code: 'invalid_value' }),
      ]);
    });

    it('reads formula results, rich text and near-integers as the CSV parser expects them', async () => {
      const tag = uniqueTag('XF');
      const csv = identityCsv([{ first: tag, last: 'Formula', age: '15' }]);
      const workbook = new Workbook();
      const sheet = workbook.addWorksheet('Roster');
      const [header, line] = csv.trimEnd().split('\n');
      sheet.addRow(header.split(','));
      const values: unknown[] = line
        .split(',')
        .map((cell) => (/^\d+$/.test(cell) ? Number(cell) : cell || null));
      values[3] = { formula: '10+5', result: 15 };
      values[2] = { richText: [{ text: 'Rich' }, { font: { bold: true }, text: ` ${tag}` }] };
      values[5] = Number(values[5]) + 4e-15; // Hours_Studied plus binary noise: 19.000000000000004
      sheet.addRow(values);
      const file = Buffer.from(await workbook.xlsx.writeBuffer());
      const res = await upload(app, admin.accessToken, file, { fileName: 'formula.xlsx' }).expect(
        201,
      );
      expect(res.body).toMatchObject({ inserted: 1 });
      const json = await exportJson(app, admin.accessToken, { search: tag }).expect(200);
      expect(json.body).toEqual([
        expect.objectContaining({
          last_name: `Rich ${tag}`,
          age: 15,
          hours_studied: Number(line.split(',')[5]),
        }),
      ]);
    });

    it('refuses a file that claims to be XLSX but is not one, and a ZIP without a workbook', async () => {
      const tag = uniqueTag('XN');
      const csv = identityCsv([{ first: tag }]);
      const named = await upload(app, admin.accessToken, csv, { fileName: 'roster.xlsx' }).expect(
        422,
      );
      expect(named.body).toMatchObject({ code: 'not_xlsx' });
      expect(named.body.detail).toMatch(
        /"roster\.xlsx" is named or typed as an XLSX workbook but is not one/,
      );
      const zip = zipOf([['notes.txt', 'hello']]);
      const other = await upload(app, admin.accessToken, zip, { fileName: 'notes.zip' }).expect(
        422,
      );
      expect(other.body).toMatchObject({ code: 'not_xlsx' });
      expect(other.body.detail).toMatch(/ZIP file without an Excel workbook/);
      const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 1)]);
      const cut = await upload(app, admin.accessToken, broken, { fileName: 'cut.xlsx' }).expect(
        422,
      );
      expect(cut.body.detail).toMatch(/cannot be unpacked/);
      const none = await exportJson(app, admin.accessToken, { search: tag }).expect(200);
      expect(none.body).toEqual([]);
    });
    it('refuses a workbook whose worksheet XML is malformed as not_xlsx, naming the worksheet, and imports nothing', async () => {
      const tag = uniqueTag('XM');
      const csv = identityCsv([
        { first: tag, last: 'One' },
        { first: tag, last: 'Two' },
      ]);
      const entries = await zipEntries(await workbookOf(csv));
      const sheet = entries.findIndex(([name]) => name === 'xl/worksheets/sheet1.xml');
      expect(sheet).toBeGreaterThanOrEqual(0);
      // The same parts zipped again import: only the XML below differs.
      const intact = await upload(app, admin.accessToken, zipOf(entries), {
        fileName: 'intact.xlsx',
        query: { dry_run: 'true' },
      }).expect(200);
      expect(intact.body).toMatchObject({ status: 'completed', inserted: 2 });

      const xml = entries[sheet][1].toString('utf8');
      expect(xml).toContain('</row>');
      const broken = entries.map(([name, data]): [string, Buffer] =>
        name === 'xl/worksheets/sheet1.xml'
          ? [name, Buffer.from(xml.replace('</row>', '</rwo>'), 'utf8')]
          : [name, data],
      );
      const res = await upload(app, admin.accessToken, zipOf(broken), {
        fileName: 'broken.xlsx',
      }).expect(422);
      expect(res.body).toMatchObject({ code: 'not_xlsx', status: 422 });
      expect(res.body.detail).toMatch(/"broken\.xlsx"/);
      expect(res.body.detail).toMatch(
        /its worksheet "Roster" holds malformed XML \(line \d+, column \d+: /,
      );
      const asJob = await upload(app, admin.accessToken, zipOf(broken), {
        fileName: 'broken.xlsx',
        query: { async: 'true' },
      }).expect(422);
      expect(asJob.body).toMatchObject({ code: 'not_xlsx' });

      const none = await exportJson(app, admin.accessToken, { search: tag }).expect(200);
      expect(none.body).toEqual([]);
      const [{ n }] = await dataSource.query<{ n: number }[]>(
        "SELECT count(*)::int AS n FROM data_imports WHERE file_name = 'broken.xlsx'",
      );
      expect(n).toBe(0);
    });
  });

  describe('XLSX limits', () => {
    let small: NestExpressApplication;
    let smallAdmin: LoggedInUser;

    beforeAll(async () => {
      small = await createTestApp({ IMPORT_MAX_BYTES: '65536' });
      smallAdmin = await createUserAndLogin(small, { role: 'administrator' });
    });

    afterAll(async () => {
      await small.close();
    });

    it('refuses a workbook that unpacks to far more than its size (a ZIP bomb) before reading it', async () => {
      const tag = uniqueTag('XZ');
      const workbook = new Workbook();
      const sheet = workbook.addWorksheet('Roster');
      sheet.addRow(['Student_ID', 'First_Name']);
      for (let i = 0; i < 30; i += 1) sheet.addRow([`${tag}${i}`, `${i}${'a'.repeat(100_000)}`]);
      const bomb = Buffer.from(await workbook.xlsx.writeBuffer());
      expect(bomb.length).toBeLessThan(65_536);
      const res = await upload(small, smallAdmin.accessToken, bomb, {
        fileName: 'bomb.xlsx',
      });
      expect(res.body).toMatchObject({ code: 'xlsx_too_large' });
      expect(res.body.detail).toMatch(/unpacks to more than 2621440 bytes/);
    });

    it('refuses a workbook larger than IMPORT_MAX_BYTES as it refuses such a CSV', async () => {
      const workbook = new Workbook();
      const sheet = workbook.addWorksheet('Roster');
      for (let i = 0; i < 4000; i += 1) sheet.addRow([uniqueTag('R'), uniqueTag('S'), i * 7.31]);
      const big = Buffer.from(await workbook.xlsx.writeBuffer());
      expect(big.length).toBeGreaterThan(65_536);
      const res = await upload(small, smallAdmin.accessToken, big, { fileName: 'big.xlsx' }).expect(
        413,
      );
      expect(res.body).toMatchObject({ code: 'payload_too_large' });
      const csv = await upload(small, smallAdmin.accessToken, Buffer.alloc(big.length, 0x41));
      expect(csv.status).toBe(413);
      expect(csv.body).toMatchObject({ code: 'payload_too_large' });
    });
  });
});

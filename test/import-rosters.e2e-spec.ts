import { Readable } from 'node:stream';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/load-config';
import { ImportProgress, StudentImporter } from '../src/import-export/student-importer';
import { createUserAndLogin, LoggedInUser } from './helpers/auth';
import { DATA_HEADER, identityCsv, seedRow, uniqueTag, upload } from './helpers/import-export';
import { createTestApp } from './helpers/test-app';

const FIRST_NAMES = ['Zoë', 'José', 'Siobhán', 'Łukasz', 'Amélie', 'Øyvind', 'Chloé', 'Noah'];
const LAST_NAMES = ["O'Brien", 'Núñez', "D'Angelo", 'Müller', 'Nguyễn', 'Ó Súilleabháin'];
const ROSTER_SIZE = 300;

interface RosterRow {
  id: string;
  first: string;
  last: string;
  age: string;
  email: string;
  data: string;
}

/**
 * A roster as a school information system exports it: the school's own ids (`2024-…` and
 * `S…`), accented and apostrophed names, an Email column, blank optional cells (every fifth
 * age, every seventh email) and two columns the import does not know, Grade and Homeroom. The
 * tag keeps the ids, emails and last names apart from other tests' students.
 */
/** Digits as letters (names are kept free of digits). */
function letters(text: string): string {
  return text.replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)]);
}

function roster(tag: string): RosterRow[] {
  const word = letters(tag);
  return Array.from({ length: ROSTER_SIZE }, (_, i) => ({
    id: i % 2 === 0 ? `2024-${tag}-${String(i).padStart(4, '0')}` : `S${tag}${i}`,
    first: FIRST_NAMES[i % FIRST_NAMES.length],
    last: `${LAST_NAMES[i % LAST_NAMES.length]}-${word}${letters(String(i))}`,
    age: i % 5 === 4 ? '' : String(13 + (i % 6)),
    email: i % 7 === 3 ? '' : `student.${i}@${tag.toLowerCase()}.school.example`,
    data: seedRow(i),
  }));
}

/** The roster as CSV; `ids: false` leaves the Student_ID column out. */
function rosterCsv(rows: RosterRow[], options: { ids?: boolean } = {}): string {
  const ids = options.ids ?? true;
  const header = `${ids ? 'Student_ID,' : ''}First_Name,Last_Name,Grade,Homeroom,Age,Email,${DATA_HEADER}`;
  const lines = rows.map((r, i) =>
    [
      ...(ids ? [r.id] : []),
      r.first,
      r.last,
      String(7 + (i % 6)),
      `H${1 + (i % 9)}`,
      r.age,
      r.email,
      r.data,
    ].join(','),
  );
  return `${[header, ...lines].join('\n')}\n`;
}

/** The same data row with Hours_Studied one hour more (or less at the top of its range). */
function oneHourMore(data: string): string {
  const cells = data.split(',');
  const hours = Number(cells[0]);
  cells[0] = String(hours >= 44 ? hours - 1 : hours + 1);
  return cells.join(',');
}

describe('Data import: real school rosters', () => {
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

  async function countWithIds(ids: string[]): Promise<number> {
    const [{ n }] = await db.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM student_profiles WHERE student_id = ANY($1)',
      [ids],
    );
    return n;
  }

  async function countTagged(tag: string): Promise<number> {
    const [{ n }] = await db.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM student_profiles WHERE last_name LIKE $1',
      [`%-${letters(tag)}%`],
    );
    return n;
  }

  it('imports a roster in one go: extra columns are warnings, the columns are listed', async () => {
    const tag = uniqueTag('R');
    const rows = roster(tag);
    const res = await upload(app, admin.accessToken, rosterCsv(rows)).expect(201);
    expect(res.body).toMatchObject({
      status: 'completed',
      rows_total: ROSTER_SIZE,
      inserted: ROSTER_SIZE,
      updated: 0,
      skipped: 0,
      error_count: 0,
      columns: {
        used: ['Student_ID', 'First_Name', 'Last_Name', 'Age', 'Email', ...DATA_HEADER.split(',')],
        ignored: ['Grade', 'Homeroom'],
        missing: [],
      },
    });
    expect(res.body.warnings).toEqual([
      {
        row: 1,
        column: 'Grade',
        code: 'unknown_column',
        message: 'Unknown column "Grade" was ignored.',
      },
      {
        row: 1,
        column: 'Homeroom',
        code: 'unknown_column',
        message: 'Unknown column "Homeroom" was ignored.',
      },
    ]);
    expect(res.body.warning_count).toBe(2);

    const stored = (id: string) =>
      db
        .query<
          { first_name: string; last_name: string; age: number | null; email: string | null }[]
        >('SELECT first_name, last_name, age, email FROM student_profiles WHERE student_id = $1', [
          id,
        ])
        .then(([row]) => row);
    expect(await stored(rows[0].id)).toEqual({
      first_name: 'Zoë',
      last_name: `O'Brien-${letters(tag)}a`,
      age: 13,
      email: rows[0].email,
    });
    expect(await stored(rows[3].id)).toMatchObject({ email: null });
    expect(await stored(rows[4].id)).toMatchObject({ age: null });

    const again = await upload(app, admin.accessToken, rosterCsv(rows)).expect(201);
    expect(again.body).toMatchObject({ inserted: 0, updated: 0, unchanged: ROSTER_SIZE });
    expect(await countWithIds(rows.map((r) => r.id))).toBe(ROSTER_SIZE);
    expect(await countTagged(tag)).toBe(ROSTER_SIZE);
  });

  it('matches a roster without ids by email (case and spaces ignored): no student twice', async () => {
    const tag = uniqueTag('RE');
    const rows = roster(tag);
    await upload(app, admin.accessToken, rosterCsv(rows)).expect(201);

    const withEmail = rows
      .filter((r) => r.email !== '')
      .map((r) => ({ ...r, email: ` ${r.email.toUpperCase()} `, data: oneHourMore(r.data) }));
    const res = await upload(app, admin.accessToken, rosterCsv(withEmail, { ids: false })).expect(
      201,
    );
    expect(res.body).toMatchObject({
      status: 'completed',
      rows_total: withEmail.length,
      inserted: 0,
      updated: withEmail.length,
      error_count: 0,
      columns: { ignored: ['Grade', 'Homeroom'], missing: ['Student_ID'] },
    });
    expect(res.body.warnings.map((w: { code: string }) => w.code)).toEqual([
      'unknown_column',
      'unknown_column',
    ]);
    expect(await countTagged(tag)).toBe(ROSTER_SIZE);
    const [first] = await db.query<{ hours_studied: number }[]>(
      'SELECT hours_studied FROM student_profiles WHERE student_id = $1',
      [rows[0].id],
    );
    expect(first.hours_studied).toBe(Number(oneHourMore(rows[0].data).split(',')[0]));

    // Once more, the same file: every row matches again, nothing changes and nothing is added.
    const again = await upload(app, admin.accessToken, rosterCsv(withEmail, { ids: false }));
    expect(again.body).toMatchObject({ inserted: 0, replayed: true });
    expect(await countTagged(tag)).toBe(ROSTER_SIZE);
  });

  it('refuses the roster with unknown_columns=error, naming each column, writing nothing', async () => {
    const tag = uniqueTag('RX');
    const res = await upload(app, admin.accessToken, rosterCsv(roster(tag)), {
      query: { unknown_columns: 'error' },
    }).expect(422);
    expect(res.body).toMatchObject({
      code: 'import_rejected',
      inserted: 0,
      columns: { ignored: ['Grade', 'Homeroom'] },
    });
    expect(res.body.errors).toEqual([
      expect.objectContaining({ row: 1, column: 'Grade', code: 'unknown_column' }),
      expect.objectContaining({ row: 1, column: 'Homeroom', code: 'unknown_column' }),
    ]);
    expect(await countTagged(tag)).toBe(0);

    const bad = await upload(app, admin.accessToken, rosterCsv(roster(tag)), {
      query: { unknown_columns: 'maybe' },
    }).expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/unknown_columns must be ignore or error/);
  });

  it('warns of likely duplicates: same name and age as a student or as another row', async () => {
    const tag = uniqueTag('RD');
    const rows = roster(tag).slice(0, 20);
    await upload(app, admin.accessToken, rosterCsv(rows)).expect(201);
    const known = rows[1];
    const twin = { first: `Twin${tag}`, last: "O'Hara", age: '14' };
    const csv = identityCsv([
      { first: known.first, last: known.last, age: known.age, data: seedRow(40) },
      { id: `N${tag}`, first: known.first, last: known.last, age: known.age, data: seedRow(41) },
      { ...twin, data: seedRow(42) },
      { ...twin, data: seedRow(43) },
    ]);
    const res = await upload(app, admin.accessToken, csv).expect(201);
    expect(res.body).toMatchObject({ inserted: 4, error_count: 0, warning_count: 4 });
    expect(res.body.warnings).toEqual([
      {
        row: 2,
        column: null,
        code: 'likely_duplicate',
        message: `New student ${known.first} ${known.last}, age ${known.age}, has the name and age of existing student ${known.id}; check they are not the same person.`,
      },
      expect.objectContaining({
        row: 3,
        code: 'likely_duplicate',
        message: expect.stringContaining(
          `New student N${tag} ${known.first} ${known.last}, age ${known.age}, has the name and age of existing student ${known.id}`,
        ),
      }),
      expect.objectContaining({
        row: 3,
        code: 'likely_duplicate',
        message: expect.stringContaining('has the same name and age as row 2.'),
      }),
      {
        row: 5,
        column: null,
        code: 'likely_duplicate',
        message: `New student ${twin.first} ${twin.last}, age 14, has the same name and age as row 4.`,
      },
    ]);
  });

  it('warns of rows with different Student_IDs sharing an email, and imports them', async () => {
    const tag = uniqueTag('RE');
    const email = `both@${tag.toLowerCase()}.school.example`;
    const res = await upload(
      app,
      admin.accessToken,
      identityCsv([
        { id: `F1${tag}`, first: `A${tag}`, email },
        { id: `F2${tag}`, first: `B${tag}`, email: email.toUpperCase() },
        { id: `F3${tag}`, first: `C${tag}`, email: `other@${tag.toLowerCase()}.school.example` },
      ]),
    ).expect(201);
    expect(res.body).toMatchObject({ inserted: 3, error_count: 0, warning_count: 1 });
    expect(res.body.warnings).toEqual([
      {
        row: 3,
        column: 'Email',
        code: 'likely_duplicate',
        message: `Email ${email} is also in row 2, with another Student_ID.`,
      },
    ]);
  });

  it('warns of an email two students have: the earliest created is updated', async () => {
    const tag = uniqueTag('RS');
    const email = `shared@${tag.toLowerCase()}.school.example`;
    await upload(
      app,
      admin.accessToken,
      identityCsv([
        { id: `E1${tag}`, first: `A${tag}`, email },
        { id: `E2${tag}`, first: `B${tag}`, email: email.toUpperCase() },
      ]),
    ).expect(201);

    // No Last_Name or Age column: only the email checks run.
    const csv = `First_Name,Email,${DATA_HEADER}\nC${tag},${email},${seedRow(44)}\n`;
    const res = await upload(app, admin.accessToken, csv).expect(201);
    expect(res.body).toMatchObject({ inserted: 0, updated: 1, warning_count: 1 });
    expect(res.body.warnings).toEqual([
      {
        row: 2,
        column: 'Email',
        code: 'ambiguous_email',
        message: `Email ${email} belongs to 2 students; the earliest created, E1${tag}, is the one updated.`,
      },
    ]);
    const stored = await db.query<{ student_id: string; first_name: string }[]>(
      'SELECT student_id, first_name FROM student_profiles WHERE email = $1 ORDER BY student_id',
      [email],
    );
    expect(stored).toEqual([
      { student_id: `E1${tag}`, first_name: `C${tag}` },
      { student_id: `E2${tag}`, first_name: `B${tag}` },
    ]);
  });

  it('refuses rows repeating an email when the file cannot tell them apart', async () => {
    const tag = uniqueTag('RM');
    const email = `twice@${tag.toLowerCase()}.school.example`;
    const csv = identityCsv([
      { first: `A${tag}`, email },
      { first: `B${tag}`, email: email.toUpperCase() },
      { first: `C${tag}`, email: `other@${tag.toLowerCase()}.school.example` },
    ]);
    const atomic = await upload(app, admin.accessToken, csv).expect(422);
    expect(atomic.body.errors).toEqual([
      expect.objectContaining({ row: 3, column: 'Email', code: 'duplicate_email' }),
    ]);
    expect(atomic.body.errors[0].message).toMatch(/already in row 2/);

    const partial = await upload(app, admin.accessToken, csv, {
      query: { mode: 'partial' },
    }).expect(201);
    expect(partial.body).toMatchObject({ inserted: 2, skipped: 1, error_count: 1 });
    const stored = await db.query<{ first_name: string }[]>(
      'SELECT first_name FROM student_profiles WHERE email = $1',
      [email],
    );
    expect(stored).toEqual([{ first_name: `A${tag}` }]);
  });

  it('reports every phase in order, the merge chunk by chunk up to its total', async () => {
    const tag = uniqueTag('RP');
    const csv = Buffer.from(rosterCsv(roster(tag)));
    const importer = new StudentImporter(db, loadConfig(process.env).import);
    const seen: ImportProgress[] = [];
    const outcome = await importer.run(
      { fileName: 'roster.csv', size: csv.length, open: () => Readable.from([csv]) },
      { mode: 'atomic', dryRun: false, idempotencyKey: null, actorId: null },
      { onProgress: (p) => seen.push(p) },
    );
    expect(outcome.report.inserted).toBe(ROSTER_SIZE);
    // read and check run together while the file streams; load and merge follow, in order.
    const firstSeen = [...new Set(seen.map((p) => p.phase))];
    expect(firstSeen).toEqual(['read', 'check', 'load', 'merge']);
    const firstLoad = seen.findIndex((p) => p.phase === 'load');
    const lastCheck = seen.map((p) => p.phase).lastIndexOf('check');
    const firstMerge = seen.findIndex((p) => p.phase === 'merge');
    const lastLoad = seen.map((p) => p.phase).lastIndexOf('load');
    expect(lastCheck).toBeLessThan(firstLoad);
    expect(lastLoad).toBeLessThan(firstMerge);
    const last = (phase: string) => seen.filter((p) => p.phase === phase).at(-1);
    expect(last('read')).toMatchObject({ done: csv.length, total: csv.length });
    expect(last('check')).toMatchObject({ done: ROSTER_SIZE, total: ROSTER_SIZE });
    expect(last('load')).toMatchObject({ done: ROSTER_SIZE, total: ROSTER_SIZE });
    expect(last('merge')).toMatchObject({ done: ROSTER_SIZE, total: ROSTER_SIZE });
  });
});

import { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { ACADEMIC_FIELDS } from '../students/student-fields';
import type { StudentFilters } from '../students/student-filters';
import { studentRowsQuery } from '../students/student-rows-query';
import { csvLine } from './csv/csv-writer';
import { neutraliseFormula } from './formula-guard';
import { STUDENT_CSV_COLUMNS } from './student-csv-columns';

export type ExportFormat = 'csv' | 'json';

/** Columns read for export, in the order of the API's student object. */
const API_FIELDS = [
  'student_id',
  'first_name',
  'last_name',
  'email',
  ...ACADEMIC_FIELDS,
  'user_id',
  'created_at',
  'updated_at',
] as const;

type ExportRow = Record<(typeof API_FIELDS)[number], string | number | boolean | Date | null>;

const CURSOR = 'student_export';
const FETCH_SIZE = 1000;
/** U+FEFF, written as the bytes EF BB BF. */
const BOM = '\uFEFF';

/** One CSV cell of a stored value: Yes/No, plain numbers, blanks for unknown, safe text. */
function csvValue(value: ExportRow[keyof ExportRow]): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return value.toISOString();
  return neutraliseFormula(value);
}

function csvRow(row: ExportRow): string {
  return csvLine(STUDENT_CSV_COLUMNS.map((column) => csvValue(row[column.field])));
}

function jsonRow(row: ExportRow): string {
  const out: Record<string, unknown> = {};
  for (const field of API_FIELDS) {
    const value = row[field];
    out[field] = value instanceof Date ? value.toISOString() : value;
  }
  return JSON.stringify(out);
}

/** An export being read: its text, and how many students it held once it has ended. */
export interface StudentExport {
  stream: Readable;
  /** Number of students written so far. */
  rowCount(): number;
  /** Number of students the export will hold, when asked for (`count: true`). */
  total: number | null;
}

/**
 * Streams the students matching the students-list filters as CSV (the columns the import
 * accepts, so an export imports back to the same data) or as a JSON array of API student
 * objects. Reads through a server-side cursor in one read-only snapshot, FETCH_SIZE rows at a
 * time and only as fast as the reader takes them, so memory stays flat whatever the size.
 */
export class StudentExporter {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Opens the export: filters are checked (a bad range is a 400) and the cursor is declared
   * before anything is returned, so such problems are still reported as problems. `begin`
   * runs first inside the export's snapshot transaction (e.g. to claim a heavy-work slot); an
   * error it throws ends the export before anything is read.
   */
  async open(
    filters: StudentFilters,
    format: ExportFormat,
    options: {
      count?: boolean;
      /** CSV: start with a UTF-8 byte-order mark (for Excel). */
      bom?: boolean;
      begin?: (manager: EntityManager) => Promise<void>;
    } = {},
  ): Promise<StudentExport> {
    const [sql, parameters] = studentRowsQuery(this.dataSource, API_FIELDS, filters);

    const runner = this.dataSource.createQueryRunner();
    let count = 0;
    let total: number | null = null;
    let connected: PoolClient | undefined;
    try {
      const client = (await runner.connect()) as PoolClient;
      connected = client;
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      if (options.begin) await options.begin(runner.manager);
      if (options.count) {
        const counted = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM (${sql}) AS matching`,
          parameters,
        );
        total = counted.rows[0].n;
      }
      await client.query(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${sql}`, parameters);
    } catch (error: unknown) {
      if (connected) await connected.query('ROLLBACK').catch(() => undefined);
      await runner.release();
      throw error;
    }
    const client = connected;

    async function* chunks(): AsyncGenerator<string> {
      try {
        yield format === 'csv'
          ? `${options.bom ? BOM : ''}${csvLine(STUDENT_CSV_COLUMNS.map((c) => c.header))}`
          : '[';
        for (;;) {
          const { rows } = await client.query<ExportRow>(`FETCH ${FETCH_SIZE} FROM ${CURSOR}`);
          if (rows.length === 0) break;
          let text = '';
          for (const row of rows) {
            if (format === 'csv') text += csvRow(row);
            else text += `${count === 0 ? '\n' : ',\n'}${jsonRow(row)}`;
            count += 1;
          }
          yield text;
        }
        if (format === 'json') yield count === 0 ? ']\n' : '\n]\n';
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
        await runner.release();
      }
    }

    const generator = chunks();
    // Started here, so the generator's `finally` (which releases the connection) always runs.
    const first = await generator.next();
    return { stream: pullStream(generator, first), rowCount: () => count, total };
  }
}

/**
 * A byte stream over a started generator (`first` is its first result): destroying the
 * stream, e.g. when the client goes away, ends the generator so its connection is released.
 */
function pullStream(generator: AsyncGenerator<string>, first: IteratorResult<string>): Readable {
  let pending: IteratorResult<string> | null = first;
  return new Readable({
    read() {
      const next: Promise<IteratorResult<string>> =
        pending === null ? generator.next() : Promise.resolve(pending);
      pending = null;
      next.then(
        (next) => {
          this.push(next.done ? null : Buffer.from(next.value, 'utf8'));
        },
        (error: unknown) => this.destroy(error instanceof Error ? error : new Error(String(error))),
      );
    },
    destroy(error, callback) {
      generator.return(undefined).then(
        () => callback(error),
        (returnError: unknown) => callback((error ?? returnError) as Error | null),
      );
    },
  });
}

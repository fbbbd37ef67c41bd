import { PassThrough, Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { DataSource, EntityManager } from 'typeorm';
import { ACADEMIC_FIELDS } from '../students/student-fields';
import type { StudentFilters } from '../students/student-filters';
import { studentRowsQuery, studentRowsSelect } from '../students/student-rows-query';
import { CopyTextDecoder } from './csv/copy-text-decoder';
import { csvLine } from './csv/csv-writer';
import { studentCsvLineSql } from './csv/student-csv-line-sql';
import { inlineSqlParameters } from './inline-sql-parameters';
import { STUDENT_CSV_COLUMNS } from './student-csv-columns';
import { StudentXlsxWriter } from './xlsx/student-xlsx-writer';

export type ExportFormat = 'csv' | 'json' | 'xlsx';

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
 * accepts, so an export imports back to the same data), as a JSON array of API student
 * objects, or as an XLSX workbook of the CSV's columns. Reads in one read-only snapshot and
 * only as fast as the reader takes the output, so memory stays flat whatever the size: CSV
 * through PostgreSQL's COPY (the lines built in SQL), JSON and XLSX through a server-side
 * cursor, FETCH_SIZE rows at a time.
 */
export class StudentExporter {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Opens the export: filters are checked (a bad range is a 400) and the cursor is declared
   * (JSON, XLSX) before anything is returned, so such problems are still reported as problems. `begin`
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
    const [sql, parameters] = studentRowsQuery(API_FIELDS, filters);

    const runner = this.dataSource.createQueryRunner();
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
      if (format !== 'csv') {
        await client.query(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${sql}`, parameters);
      }
    } catch (error: unknown) {
      if (connected) await connected.query('ROLLBACK').catch(() => undefined);
      await runner.release();
      throw error;
    }
    const client = connected;
    const close = async (): Promise<void> => {
      await client.query('ROLLBACK').catch(() => undefined);
      await runner.release();
    };
    switch (format) {
      case 'csv':
        return { ...copyCsv(client, filters, options.bom === true, close), total };
      case 'json':
        return { ...(await cursorJson(client, close)), total };
      case 'xlsx':
        return { ...cursorXlsx(client, close), total };
    }
  }
}

/**
 * Settings of the CSV export's COPY, local to its transaction: numbers as JavaScript writes
 * them need the shortest round-trip float output. An export of every student reads the whole
 * table, which the id-order index gives in order, the lines computed in the parallel workers,
 * where the planner's estimate prefers sorting the table's wide rows (on disk, at the default
 * work_mem); with filters the planner chooses.
 */
function copySettings(filtered: boolean): string {
  const settings = ['SET LOCAL extra_float_digits = 1'];
  if (!filtered) settings.push('SET LOCAL enable_sort = off');
  return settings.join('; ');
}

/**
 * The CSV export written by PostgreSQL: `COPY (SELECT <the CSV line> ...) TO STDOUT`, each line
 * built in SQL exactly as csvLine writes it (studentCsvLineSql), in the students list's id
 * order, in the snapshot transaction the export opened. The lines stream to the reader at the
 * pace it reads them. If the reader goes away first, the rest of the COPY is read and dropped
 * so the connection can be released.
 */
function copyCsv(
  client: PoolClient,
  filters: StudentFilters,
  bom: boolean,
  close: () => Promise<void>,
): Omit<StudentExport, 'total'> {
  // The decoder is the export's stream: the header first, then the lines COPY sends.
  const decoder = new CopyTextDecoder({ readableHighWaterMark: 64 * 1024 });
  decoder.push(`${bom ? BOM : ''}${csvLine(STUDENT_CSV_COLUMNS.map((c) => c.header))}`);
  // The students list's id order, the same as the JSON export's (studentRowsSelect).
  const lines = studentRowsSelect(studentCsvLineSql, filters);
  const text = inlineSqlParameters(lines.sql, lines.parameters, (value) =>
    client.escapeLiteral(value),
  );
  const run = async (): Promise<void> => {
    await client.query(copySettings(lines.filtered));
    const copy = client.query(copyTo(`COPY (${text}) TO STDOUT`, { highWaterMark: 64 * 1024 }));
    const ended = finished(copy);
    copy.pipe(decoder);
    decoder.once('close', () => {
      if (decoder.writableFinished) return;
      copy.unpipe(decoder);
      copy.resume();
    });
    try {
      await ended;
    } finally {
      settleCopyQuery(copy);
    }
  };
  run().then(
    () => close(),
    async (error: unknown) => {
      decoder.destroy(error instanceof Error ? error : new Error(String(error)));
      await close();
    },
  );
  return { stream: decoder, rowCount: () => decoder.lines };
}

/**
 * Tells node-postgres that a COPY TO query is over. The client arms its read timeout
 * (`query_timeout`) on every query and clears it when the query calls its `callback`, which the
 * COPY TO stream of pg-copy-streams never does (its COPY FROM stream does): without this, each
 * CSV export left a timer of the pool's statement timeout plus its grace alive after the export
 * had ended, holding the stream and its client and keeping the process from exiting on its
 * own, and the timer then reported a read timeout on a query long finished.
 */
function settleCopyQuery(copy: object): void {
  const query = copy as { callback?: (error?: Error) => void };
  query.callback?.();
}

/** Rows of the export's cursor, FETCH_SIZE at a time, until it is exhausted. */
async function* cursorRows(client: PoolClient): AsyncGenerator<ExportRow[]> {
  for (;;) {
    const { rows } = await client.query<ExportRow>(`FETCH ${FETCH_SIZE} FROM ${CURSOR}`);
    if (rows.length === 0) return;
    yield rows;
  }
}

/** The JSON export: an array of API student objects, read from the cursor. */
async function cursorJson(
  client: PoolClient,
  close: () => Promise<void>,
): Promise<Omit<StudentExport, 'total'>> {
  let count = 0;
  async function* chunks(): AsyncGenerator<string> {
    try {
      yield '[';
      for await (const rows of cursorRows(client)) {
        let text = '';
        for (const row of rows) {
          text += `${count === 0 ? '\n' : ',\n'}${jsonRow(row)}`;
          count += 1;
        }
        yield text;
      }
      yield count === 0 ? ']\n' : '\n]\n';
    } finally {
      await close();
    }
  }
  const generator = chunks();
  // Started here, so the generator's `finally` (which releases the connection) always runs.
  const first = await generator.next();
  return { stream: pullStream(generator, first), rowCount: () => count };
}

/**
 * The XLSX export: the cursor's rows written by StudentXlsxWriter, a batch at a time, each
 * once the reader has taken the previous ones. Stops (and releases the connection) when the
 * reader goes away.
 */
function cursorXlsx(client: PoolClient, close: () => Promise<void>): Omit<StudentExport, 'total'> {
  const out = new PassThrough();
  let count = 0;
  const run = async (): Promise<void> => {
    const writer = await StudentXlsxWriter.open(out);
    for await (const rows of cursorRows(client)) {
      if (out.destroyed) return;
      for (const row of rows) writer.addRow(row);
      count += rows.length;
      await writer.drained();
    }
    if (!out.destroyed) await writer.end();
  };
  run().then(
    () => close(),
    async (error: unknown) => {
      out.destroy(error instanceof Error ? error : new Error(String(error)));
      await close();
    },
  );
  return { stream: out, rowCount: () => count };
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

import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { ImportLimits } from '../config/app-config';
import { CsvRecord, CsvRecordParser } from './csv/csv-record-parser';
import { CsvSyntaxError } from './csv/csv-syntax.error';
import { NotUtf8Error } from './csv/not-utf8.error';
import { copyTextLine } from './csv/pg-copy-text';
import { Utf8ChunkDecoder } from './csv/utf8-chunk-decoder';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { HeavyWorkLimitError } from '../database/heavy-work.errors';
import { DataImport } from './entities/data-import.entity';
import { HeaderMapping, mapHeader } from './header-mapping';
import { IdempotencyKeyReusedError, ImportConflictError } from './import-export.errors';
import { MAX_REPORTED_PROBLEMS, ProblemList } from './import-problems';
import { notUtf8Problem } from './not-utf8-problem';
import { STUDENT_CSV_COLUMNS, StudentCsvField } from './student-csv-columns';
import { STUDENT_ID_UNIQUE_CONSTRAINT, StudentStaging } from '../students/student-staging';
import { ImportProblem, parseStudentRow, VALUE_INDEX } from './student-row-parser';

export type ImportMode = 'atomic' | 'partial';

/** The bytes to import. `open` may be called more than once (hashing, then parsing). */
export interface ImportSource {
  fileName: string;
  size: number;
  /** Hex SHA-256 of the content, when already known (computed while uploading). */
  sha256?: string;
  open(): Readable;
}

export interface ImportRequest {
  mode: ImportMode;
  dryRun: boolean;
  idempotencyKey: string | null;
  /** The importing user; null for the command line. */
  actorId: string | null;
}

/**
 * The phases of an import, in order: `read` streams and parses the file (bytes of `size`),
 * `check` checks each row (rows so far), `load` finishes the staged rows (repeated ids, email
 * matches), `merge` writes them into student_profiles.
 */
export type ImportPhase = 'read' | 'check' | 'load' | 'merge';

export interface ImportProgress {
  phase: ImportPhase;
  /** Bytes of the file read so far. */
  bytes: number;
  /** Data rows read so far. */
  rows: number;
  /** Units of the phase done (bytes for read, rows otherwise) and their total when known. */
  done: number;
  total: number | null;
}

export interface ImportHooks {
  /**
   * Runs first inside the import's transaction, before the file is read (e.g. to claim a
   * heavy-work slot). A HeavyWorkLimitError it throws ends the import as not started: nothing
   * is stored or recorded.
   */
  begin?(manager: EntityManager): Promise<void>;
  /** Called as the import moves through its phases (several times per phase). */
  onProgress?(progress: ImportProgress): void;
  /**
   * Runs inside the transaction of an import that writes, just before it commits (e.g. to
   * write the audit row with the change it describes).
   */
  beforeCommit?(report: DataImport, manager: EntityManager): Promise<void>;
  /**
   * Stores the report of a failed import (status `failed`, with its error) instead of the
   * importer's own one-shot save, e.g. to retry until the database answers again.
   */
  recordFailure?(report: DataImport): Promise<void>;
}

export interface ImportOutcome {
  /** The stored report; status `completed`, `rejected` or `failed`. */
  report: DataImport;
  /** True when an earlier import's report was returned instead of importing again. */
  replayed: boolean;
}

/** The whole file is refused (header, encoding, size); nothing is written. */
class FileRejection extends Error {
  constructor(
    readonly problems: ImportProblem[],
    readonly rowsTotal: number,
  ) {
    super(problems[0]?.message ?? 'The file was rejected.');
  }
}

interface LoadResult {
  rowsTotal: number;
  validRows: number;
  invalidRows: number;
  /** Valid rows repeating an earlier row's Student_ID. */
  duplicateRows: number;
  problems: ProblemList;
  present: ReadonlySet<StudentCsvField>;
  /** Some valid row has no Student_ID, so importing it twice would create two students. */
  generatesIds: boolean;
}

/** Every import serialises on this advisory lock (id generation, content-hash replays). */
const IMPORT_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('student_profiles.import'))`;
const COPY_BATCH_CHARS = 64 * 1024;
/** Cells kept per record: a file's columns beyond this many are counted, not stored. */
const MAX_CELLS = 100;
const IDEMPOTENCY_KEY_INDEX = 'data_imports_idempotency_key_key';

/** Hex SHA-256 of a source's bytes. */
export async function sha256Of(source: ImportSource): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of source.open()) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function pgErrorOf(error: unknown): { code?: string; constraint?: string } {
  const e = error as { code?: unknown; constraint?: unknown; driverError?: unknown };
  const inner = (e?.driverError ?? e) as { code?: unknown; constraint?: unknown };
  return {
    code: typeof inner?.code === 'string' ? inner.code : undefined,
    constraint: typeof inner?.constraint === 'string' ? inner.constraint : undefined,
  };
}

function isIdempotencyKeyConflict(error: unknown): boolean {
  const pg = pgErrorOf(error);
  return pg.code === '23505' && pg.constraint === IDEMPOTENCY_KEY_INDEX;
}

/** The error of a failed import, as its report lists it (never internal details). */
function failureProblem(error: unknown): ImportProblem {
  if (isDatabaseUnavailable(error)) {
    return {
      row: 1,
      column: null,
      code: 'database_unavailable',
      message: 'The database became unavailable during the import; nothing was imported.',
    };
  }
  if (error instanceof ImportConflictError || isStudentIdConflict(error)) {
    return {
      row: 1,
      column: null,
      code: 'import_failed',
      message:
        'A student of the file was created by another request meanwhile; nothing was imported.',
    };
  }
  return {
    row: 1,
    column: null,
    code: 'import_failed',
    message: 'The import failed unexpectedly; nothing was imported.',
  };
}

function isStudentIdConflict(error: unknown): boolean {
  const pg = pgErrorOf(error);
  return pg.code === '23505' && pg.constraint === STUDENT_ID_UNIQUE_CONSTRAINT;
}

function isBlank(record: CsvRecord): boolean {
  return record.fieldCount === 1 && record.fields[0].trim() === '';
}

/**
 * Imports the students CSV: streams and checks the file row by row and hands the valid rows to
 * the students module's StudentStaging, which loads them with COPY into a temporary table and
 * merges them into student_profiles by student_id (insert new, update changed), all in one
 * transaction, so a failure at any point writes nothing.
 * Keeps a report of every import in data_imports and replays it for a repeated
 * Idempotency-Key, or for repeated content that would otherwise create students twice.
 * A plain class over a DataSource, so the command line uses it without the web app.
 */
export class StudentImporter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly limits: ImportLimits,
    /** The pool the import's own transaction runs on (in the app, the heavy-work pool). */
    private readonly workDataSource: DataSource = dataSource,
  ) {}

  /**
   * Runs an import. One that fails (the database went away, a conflict, a bug) writes no
   * student data, is stored as a `failed` report with its error, and throws.
   */
  async run(
    source: ImportSource,
    request: ImportRequest,
    hooks: ImportHooks = {},
  ): Promise<ImportOutcome> {
    const sha256 = source.sha256 ?? (await sha256Of(source));
    const base = this.newReport(source, sha256, request);
    try {
      return await this.runFor(base, sha256, source, request, hooks);
    } catch (error: unknown) {
      if (!(error instanceof IdempotencyKeyReusedError || error instanceof HeavyWorkLimitError)) {
        await this.storeFailure(base, error, hooks);
      }
      throw error;
    }
  }

  private newReport(source: ImportSource, sha256: string, request: ImportRequest): DataImport {
    return this.dataSource.getRepository(DataImport).create({
      createdBy: request.actorId,
      fileName: source.fileName.slice(0, 255),
      fileHash: sha256,
      fileSize: String(source.size),
      idempotencyKey: request.idempotencyKey,
      mode: request.mode,
      dryRun: request.dryRun,
      rowsTotal: 0,
      inserted: 0,
      updated: 0,
      skipped: 0,
      errorCount: 0,
      errors: [],
      completedAt: null,
    });
  }

  private async runFor(
    base: DataImport,
    sha256: string,
    source: ImportSource,
    request: ImportRequest,
    hooks: ImportHooks,
  ): Promise<ImportOutcome> {
    if (request.idempotencyKey !== null) {
      const previous = await this.dataSource
        .getRepository(DataImport)
        .findOneBy({ idempotencyKey: request.idempotencyKey });
      if (previous) return this.replayForKey(previous, sha256, request);
    }

    if (source.size > this.limits.maxBytes) {
      return this.store(
        this.rejected(base, 0, [
          {
            row: 1,
            column: null,
            code: 'file_too_large',
            message: `The file is larger than ${this.limits.maxBytes} bytes.`,
          },
        ]),
        sha256,
        request,
      );
    }

    const runner = this.workDataSource.createQueryRunner();
    let inTransaction = false;
    try {
      const client = (await runner.connect()) as PoolClient;
      await runner.startTransaction();
      inTransaction = true;
      if (hooks.begin) await hooks.begin(runner.manager);
      if (!request.dryRun) await client.query(IMPORT_LOCK_SQL);

      const staging = new StudentStaging(client);
      const load = await this.load(staging, source, hooks);
      await this.findDuplicates(staging, load, request.mode);

      if (!request.dryRun && load.generatesIds) {
        const previous = await this.completedImportOf(runner.manager, sha256);
        if (previous && (previous.mode === request.mode || load.problems.count === 0)) {
          await runner.rollbackTransaction();
          inTransaction = false;
          return { report: previous, replayed: true };
        }
      }

      if (request.mode === 'atomic' && load.problems.count > 0) {
        await runner.rollbackTransaction();
        inTransaction = false;
        return this.store(
          this.rejected(base, load.rowsTotal, load.problems.items, load.problems.count),
          sha256,
          request,
        );
      }

      const skipped = load.invalidRows + load.duplicateRows;
      const counts = request.dryRun
        ? await staging.preview(load.present)
        : await staging.merge(load.present);
      const report = Object.assign(base, {
        status: 'completed' as const,
        rowsTotal: load.rowsTotal,
        inserted: counts.inserted,
        updated: counts.updated,
        skipped,
        errorCount: load.problems.count,
        errors: load.problems.items,
        completedAt: new Date(),
      });
      if (request.dryRun) {
        await runner.rollbackTransaction();
        inTransaction = false;
        return this.store(report, sha256, request);
      }
      const saved = await runner.manager.getRepository(DataImport).save(report);
      if (hooks.beforeCommit) await hooks.beforeCommit(saved, runner.manager);
      await runner.commitTransaction();
      inTransaction = false;
      return { report: saved, replayed: false };
    } catch (error: unknown) {
      if (inTransaction) await runner.rollbackTransaction().catch(() => undefined);
      if (error instanceof FileRejection) {
        return this.store(this.rejected(base, error.rowsTotal, error.problems), sha256, request);
      }
      if (isIdempotencyKeyConflict(error) && request.idempotencyKey !== null) {
        return this.replayAfterRace(request.idempotencyKey, sha256, request);
      }
      const pg = pgErrorOf(error);
      if (pg.code === '23505' && pg.constraint === STUDENT_ID_UNIQUE_CONSTRAINT) {
        throw new ImportConflictError();
      }
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** Reads the file into the staging table; collects the problems of every row. */
  private async load(
    staging: StudentStaging,
    source: ImportSource,
    hooks: ImportHooks,
  ): Promise<LoadResult> {
    const copy = await staging.open();
    const copyDone: Promise<Error | null> = finished(copy).then(
      () => null,
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    );
    const decoder = new Utf8ChunkDecoder();
    const parser = new CsvRecordParser({
      maxFieldLength: this.limits.maxFieldLength,
      maxFieldsPerRecord: MAX_CELLS,
    });
    const result: LoadResult = {
      rowsTotal: 0,
      validRows: 0,
      invalidRows: 0,
      duplicateRows: 0,
      problems: new ProblemList(),
      present: new Set(),
      generatesIds: false,
    };
    let mapping: HeaderMapping | null = null;
    let blankFirstRow = false;
    let batch = '';

    const accept = (records: CsvRecord[]): void => {
      for (const record of records) {
        if (mapping === null) {
          if (isBlank(record)) {
            blankFirstRow = true;
            continue;
          }
          if (blankFirstRow) {
            throw new FileRejection(
              [
                {
                  row: 1,
                  column: null,
                  code: 'no_header',
                  message: 'Row 1 is blank; the first row must be the header.',
                },
              ],
              0,
            );
          }
          mapping = this.header(record);
          result.present = mapping.present;
          continue;
        }
        if (isBlank(record)) continue;
        result.rowsTotal += 1;
        if (result.rowsTotal > this.limits.maxRows) {
          throw new FileRejection(
            [
              {
                row: record.row,
                column: null,
                code: 'too_many_rows',
                message: `The file has more than ${this.limits.maxRows} data rows.`,
              },
            ],
            result.rowsTotal,
          );
        }
        const parsed = parseStudentRow(record, mapping, {
          decimalComma: parser.detectedDelimiter === ';',
        });
        if (parsed.row === null) {
          result.invalidRows += 1;
          for (const problem of parsed.problems) result.problems.add(problem);
          continue;
        }
        result.validRows += 1;
        if (parsed.row.values[VALUE_INDEX.student_id] === null) result.generatesIds = true;
        batch += copyTextLine([parsed.row.row, ...parsed.row.values]);
      }
    };
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const text = batch;
      batch = '';
      if (copy.destroyed) throw (await copyDone) ?? new Error('COPY stopped early');
      if (!copy.write(text)) {
        await Promise.race([
          once(copy, 'drain'),
          copyDone.then((error) => {
            throw error ?? new Error('COPY stopped early');
          }),
        ]);
      }
    };

    try {
      for await (const chunk of source.open()) {
        let text: string;
        try {
          text = decoder.write(chunk as Buffer);
        } catch (error: unknown) {
          throw this.decodeRejection(error, parser, mapping, result.rowsTotal);
        }
        try {
          accept(parser.push(text));
        } catch (error: unknown) {
          throw this.syntaxRejection(error, parser.currentRow, result.rowsTotal);
        }
        if (batch.length >= COPY_BATCH_CHARS) await flush();
        hooks.onProgress?.({
          phase: 'read',
          bytes: decoder.bytesRead,
          rows: result.rowsTotal,
          done: decoder.bytesRead,
          total: source.size,
        });
      }
      let last: string;
      try {
        last = decoder.end();
      } catch (error: unknown) {
        throw this.decodeRejection(error, parser, mapping, result.rowsTotal);
      }
      try {
        accept(parser.push(last));
        accept(parser.end());
      } catch (error: unknown) {
        throw this.syntaxRejection(error, parser.currentRow, result.rowsTotal);
      }
      if (mapping === null) {
        throw new FileRejection(
          [{ row: 1, column: null, code: 'empty_file', message: 'The file is empty.' }],
          0,
        );
      }
      if (result.rowsTotal === 0) {
        throw new FileRejection(
          [
            {
              row: 2,
              column: null,
              code: 'no_data_rows',
              message: 'The file has a header but no data rows.',
            },
          ],
          0,
        );
      }
      await flush();
      copy.end();
    } catch (error: unknown) {
      copy.destroy(error instanceof Error ? error : new Error('import aborted'));
      await copyDone;
      throw error;
    }
    const copyError = await copyDone;
    if (copyError) throw copyError;
    hooks.onProgress?.({
      phase: 'read',
      bytes: decoder.bytesRead,
      rows: result.rowsTotal,
      done: decoder.bytesRead,
      total: source.size,
    });
    await staging.loaded();
    return result;
  }

  private header(record: CsvRecord): HeaderMapping {
    const { mapping, problems: found } = mapHeader(record.fields);
    const problems: ImportProblem[] = found.map((p) => ({ row: 1, ...p }));
    if (record.fieldCount > record.fields.length) {
      problems.push({
        row: 1,
        column: null,
        code: 'unknown_column',
        message: `The header has ${record.fieldCount} columns; at most ${STUDENT_CSV_COLUMNS.length} are known.`,
      });
    }
    if (problems.length > 0) throw new FileRejection(problems, 0);
    return mapping;
  }

  /** A byte that is not UTF-8 is located by row and column; other problems as syntaxRejection. */
  private decodeRejection(
    error: unknown,
    parser: CsvRecordParser,
    mapping: HeaderMapping | null,
    rowsTotal: number,
  ): Error {
    if (!(error instanceof NotUtf8Error)) {
      return this.syntaxRejection(error, parser.currentRow, rowsTotal);
    }
    try {
      return new FileRejection([notUtf8Problem(error, parser, mapping)], rowsTotal);
    } catch (earlier: unknown) {
      // A problem in the text before the bad byte (e.g. a cell too long) comes first.
      return this.syntaxRejection(earlier, parser.currentRow, rowsTotal);
    }
  }

  private syntaxRejection(error: unknown, row: number, rowsTotal: number): Error {
    if (!(error instanceof CsvSyntaxError)) {
      return error instanceof Error ? error : new Error(String(error));
    }
    const problemRow = error.problem === 'not_text' ? row : error.row;
    return new FileRejection(
      [{ row: problemRow, column: null, code: error.problem, message: error.message }],
      rowsTotal,
    );
  }

  /** Later rows repeating an earlier row's Student_ID are problems (dropped in partial mode). */
  private async findDuplicates(staging: StudentStaging, load: LoadResult, mode: ImportMode) {
    const rows = await staging.duplicates(MAX_REPORTED_PROBLEMS);
    if (rows.length === 0) return;
    load.duplicateRows = rows[0].total;
    load.problems.merge(
      rows.map((r) => ({
        row: r.row_no,
        column: 'Student_ID',
        code: 'duplicate_student_id' as const,
        message: `Student_ID ${r.student_id} is already used in row ${r.first_row}.`,
      })),
      rows[0].total,
    );
    if (mode === 'partial') await staging.dropDuplicates();
  }

  private rejected(
    base: DataImport,
    rowsTotal: number,
    problems: ImportProblem[],
    problemCount = problems.length,
  ): DataImport {
    return Object.assign(base, {
      status: 'rejected' as const,
      rowsTotal,
      inserted: 0,
      updated: 0,
      skipped: rowsTotal,
      errorCount: problemCount,
      errors: problems.slice(0, MAX_REPORTED_PROBLEMS),
      completedAt: new Date(),
    });
  }

  /** Saves a report outside any import transaction (rejections, dry runs). */
  private async store(
    report: DataImport,
    sha256: string,
    request: ImportRequest,
  ): Promise<ImportOutcome> {
    try {
      const saved = await this.dataSource.getRepository(DataImport).save(report);
      return { report: saved, replayed: false };
    } catch (error: unknown) {
      if (isIdempotencyKeyConflict(error) && request.idempotencyKey !== null) {
        return this.replayAfterRace(request.idempotencyKey, sha256, request);
      }
      throw error;
    }
  }

  /**
   * A failure is recorded without its key, so the same key can retry, and with its error. A
   * fresh entity: a save that failed inside the rolled-back transaction may have set `base.id`.
   */
  private async storeFailure(base: DataImport, error: unknown, hooks: ImportHooks): Promise<void> {
    const { id: _id, createdAt: _createdAt, ...fields } = base;
    const report = this.dataSource.getRepository(DataImport).create({
      ...fields,
      status: 'failed' as const,
      idempotencyKey: null,
      inserted: 0,
      updated: 0,
      skipped: fields.rowsTotal,
      errorCount: 1,
      errors: [failureProblem(error)],
      completedAt: new Date(),
    });
    if (hooks.recordFailure) {
      await hooks.recordFailure(report);
      return;
    }
    await this.dataSource
      .getRepository(DataImport)
      .save(report)
      .catch(() => undefined);
  }

  private async completedImportOf(
    manager: EntityManager,
    sha256: string,
  ): Promise<DataImport | null> {
    return manager.getRepository(DataImport).findOne({
      where: { fileHash: sha256, dryRun: false, status: 'completed' },
      order: { createdAt: 'DESC' },
    });
  }

  private replayForKey(
    previous: DataImport,
    sha256: string,
    request: ImportRequest,
  ): ImportOutcome {
    if (
      previous.fileHash !== sha256 ||
      previous.mode !== request.mode ||
      previous.dryRun !== request.dryRun
    ) {
      throw new IdempotencyKeyReusedError(previous.id);
    }
    return { report: previous, replayed: true };
  }

  /** Another request with the same key committed first: answer as it did. */
  private async replayAfterRace(
    key: string,
    sha256: string,
    request: ImportRequest,
  ): Promise<ImportOutcome> {
    const previous = await this.dataSource
      .getRepository(DataImport)
      .findOneByOrFail({ idempotencyKey: key });
    return this.replayForKey(previous, sha256, request);
  }
}

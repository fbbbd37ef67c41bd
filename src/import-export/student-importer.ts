import { unknownColumnsRule } from './header-mapping';
import type { PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { ImportLimits } from '../config/app-config';
import { HeavyWorkLimitError } from '../database/heavy-work.errors';
import { StudentStaging } from '../students/student-staging';
import { DataImportsRepository } from './data-imports.repository';
import type { DataImport } from './entities/data-import.entity';
import { FileRejection } from './file-rejection';
import { isIdempotencyKeyConflict, isStudentIdConflict } from './import-failures';
import { IdempotencyKeyReusedError, ImportConflictError } from './import-export.errors';
import { ImportReportStore } from './import-report-store';
import { sha256Of } from './sha256-of';
import { checkStagedRows } from './check-staged-rows';
import { StudentCsvLoader } from './student-csv-loader';
import { NotXlsxError } from './xlsx/xlsx-import.errors';
import type { LoadedRows } from './student-csv-reader';
import type {
  ImportHooks,
  ImportOutcome,
  ImportProgress,
  ImportRequest,
  ImportSource,
  ImportTransaction,
} from './student-import.types';

export type {
  ImportHooks,
  ImportMode,
  ImportOutcome,
  ImportPhase,
  ImportProgress,
  ImportRequest,
  ImportSource,
  ImportTransaction,
} from './student-import.types';
export { sha256Of } from './sha256-of';

/**
 * Errors that end an import as never begun, with nothing stored: a key of another import, no
 * import place, or a workbook that cannot be read (as when it is refused before the import).
 */
function isRefusalBeforeImport(error: unknown): boolean {
  return (
    error instanceof IdempotencyKeyReusedError ||
    error instanceof HeavyWorkLimitError ||
    error instanceof NotXlsxError
  );
}

/** Every import serialises on this advisory lock (id generation, content-hash replays). */
const IMPORT_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('student_profiles.import'))`;

/**
 * How an import's transaction ended: with its outcome (committed, or replayed), with a report
 * to store once it is rolled back (refused, dry run), or beaten to its Idempotency-Key. Only
 * an import that wrote students commits.
 */
type Ending =
  { outcome: ImportOutcome; commits?: true } | { store: DataImport } | { raceFor: string };

/** Thrown out of the import's transaction to roll it back with what it ended as. */
class RollBack extends Error {
  constructor(readonly ending: Ending) {
    super('The import rolls back');
  }
}

/** The raw pg client of the transaction's connection: the staging's COPY streams need it. */
async function pgClientOf(transaction: EntityManager): Promise<PoolClient> {
  if (!transaction.queryRunner) throw new Error('An import needs a transaction of its own');
  return (await transaction.queryRunner.connect()) as PoolClient;
}

/** One import's inputs, passed along its steps. */
interface ImportRun {
  base: DataImport;
  sha256: string;
  source: ImportSource;
  request: ImportRequest;
  hooks: ImportHooks;
}

/**
 * Imports the students CSV: streams and checks the file row by row (StudentCsvLoader) into
 * the students module's StudentStaging, checks the staged rows as a whole (repeated ids and
 * emails, email matches, likely duplicates), and merges them into student_profiles by
 * student_id (insert new, update changed), all in one transaction, so a failure at any point
 * writes nothing. Every import's report is kept in data_imports (ImportReportStore) and is
 * replayed for a repeated Idempotency-Key, or for repeated content that would otherwise create
 * students twice. A plain class over a DataSource, so the command line uses it without the
 * web app (whose module makes one on its pools).
 */
export class StudentImporter {
  private readonly reports: ImportReportStore;

  constructor(
    dataSource: DataSource,
    private readonly limits: ImportLimits,
    /** The import's own transaction (in the app, on the heavy-work pool's transaction host). */
    private readonly runTransaction: ImportTransaction = (work) => dataSource.transaction(work),
    /** Where reports are kept (in the app, the module's repository on the main pool). */
    private readonly imports: DataImportsRepository = new DataImportsRepository(dataSource),
  ) {
    this.reports = new ImportReportStore(imports);
  }

  /**
   * Runs an import. One that fails (the database went away, a conflict, a bug) writes no
   * student data, is stored as a `failed` report with its error, and throws. One refused as
   * never begun (isRefusalBeforeImport) stores nothing and throws.
   */
  async run(
    source: ImportSource,
    request: ImportRequest,
    hooks: ImportHooks = {},
  ): Promise<ImportOutcome> {
    const sha256 = source.sha256 ?? (await sha256Of(source));
    const base = this.reports.newReport(source, sha256, request);
    try {
      return await this.runFor({ base, sha256, source, request, hooks });
    } catch (error: unknown) {
      if (!isRefusalBeforeImport(error)) {
        await this.reports.storeFailure(base, error, hooks);
      }
      throw error;
    }
  }

  private async runFor(run: ImportRun): Promise<ImportOutcome> {
    const { base, sha256, request } = run;
    const replay = await this.reports.replayForKeyOf(sha256, request);
    if (replay) return replay;
    if (run.source.size > this.limits.maxBytes) {
      const tooLarge = {
        row: 1,
        column: null,
        code: 'file_too_large' as const,
        message: `The file is larger than ${this.limits.maxBytes} bytes.`,
      };
      return this.reports.store(this.reports.rejected(base, 0, [tooLarge]), sha256, request);
    }
    const ending = await this.transaction(run);
    if ('outcome' in ending) return ending.outcome;
    if ('store' in ending) return this.reports.store(ending.store, sha256, request);
    return this.reports.replayAfterRace(ending.raceFor, sha256, request);
  }

  /** The import's transaction: committed by an import that wrote students, else rolled back. */
  private async transaction(run: ImportRun): Promise<Ending> {
    try {
      return await this.runTransaction(async (transaction) => {
        const ending = await this.importIn(transaction, await pgClientOf(transaction), run);
        if (!('commits' in ending)) throw new RollBack(ending);
        return ending;
      });
    } catch (error: unknown) {
      if (error instanceof RollBack) return error.ending;
      return this.endingFor(error, run);
    }
  }

  /** What an error inside the transaction means: a refused file, a lost race, or a failure. */
  private endingFor(error: unknown, run: ImportRun): Ending {
    if (error instanceof FileRejection) {
      const { problems, rowsTotal, context } = error;
      return {
        store: this.reports.rejected(run.base, rowsTotal, problems, problems.length, context),
      };
    }
    if (isIdempotencyKeyConflict(error) && run.request.idempotencyKey !== null) {
      return { raceFor: run.request.idempotencyKey };
    }
    if (isStudentIdConflict(error)) throw new ImportConflictError();
    throw error;
  }

  private async importIn(
    transaction: EntityManager,
    client: PoolClient,
    run: ImportRun,
  ): Promise<Ending> {
    const { request, hooks } = run;
    const inImport = this.imports.within(transaction);
    if (hooks.begin) await hooks.begin(transaction);
    if (!request.dryRun) await client.query(IMPORT_LOCK_SQL);
    const progress = (p: ImportProgress) => hooks.onProgress?.(p);
    const staging = new StudentStaging(client);
    const loader = new StudentCsvLoader(this.limits, unknownColumnsRule(request.unknownColumns));
    const load = await loader.load(staging, run.source, progress);
    const phase = (phase: 'load' | 'merge', done: number, total: number) =>
      progress({ phase, bytes: run.source.size, rows: load.rowsTotal, done, total });
    phase('load', 0, load.validRows);
    // Content that creates students was imported before: replayed (in the same mode at once,
    // in the other one when the file turns out to have no problems).
    const previous =
      !request.dryRun && load.generatesIds ? await inImport.latestCompletedOf(run.sha256) : null;
    if (previous && previous.mode === request.mode) {
      return { outcome: { report: previous, replayed: true } };
    }
    await checkStagedRows(staging, load, request.mode);
    phase('load', load.validRows, load.validRows);
    if (previous && load.problems.count === 0) {
      return { outcome: { report: previous, replayed: true } };
    }
    if (request.mode === 'atomic' && load.problems.count > 0) {
      return { store: this.reports.rowsRejected(run.base, load) };
    }
    if (request.dryRun) {
      return { store: this.reports.completed(run.base, load, await staging.preview(load.present)) };
    }
    const counts = await staging.merge(load.present, (done, total) => phase('merge', done, total));
    return { outcome: await this.commit(transaction, inImport, run, load, counts), commits: true };
  }

  /** The completed report, saved just before the transaction commits. */
  private async commit(
    transaction: EntityManager,
    inImport: DataImportsRepository,
    run: ImportRun,
    load: LoadedRows,
    counts: { inserted: number; updated: number },
  ): Promise<ImportOutcome> {
    const report = this.reports.completed(run.base, load, counts);
    const saved = await inImport.save(report);
    if (run.hooks.beforeCommit) await run.hooks.beforeCommit(saved, transaction);
    return { report: saved, replayed: false };
  }
}

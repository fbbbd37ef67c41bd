import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { rm } from 'node:fs/promises';
import { AsyncResource } from 'node:async_hooks';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { auditContextOf, type AuditRequestContext } from '../audit/audit-context';
import type { AuditEntry } from '../audit/audit-entry';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { InjectHeavyDataSource } from '../database/heavy-data-source';
import { HeavyWorkLease, HeavyWorkLimiter } from '../database/heavy-work-limiter';
import { HeavyWorkLimitError } from '../database/heavy-work.errors';
import { normalizeReturning } from '../database/normalize-returning';
import type { ImportQueryDto } from './dto/import-query.dto';
import type { ImportReportDto } from './dto/import-report.dto';
import { toImportReport } from './dto/to-import-report';
import { DataImport } from './entities/data-import.entity';
import { FailedImportRecorder } from './failed-import-recorder';
import { IdempotencyKeyReusedError } from './import-export.errors';
import { ImportJobLostError } from './import-job-lost.error';
import { keptUploads } from './kept-uploads';
import type {
  ImportHooks,
  ImportOutcome,
  ImportProgress,
  ImportRequest,
  ImportSource,
} from './student-importer';
import { sha256Of, StudentImporter } from './student-importer';
import { uploadImportSource } from './xlsx/upload-import-source';
import type { UploadedCsvFile } from './uploaded-csv-file';

/** How often an instance writes its jobs' progress, retries waiting jobs and looks for dead ones. */
const TICK_MS = 1000;
/** Seconds a client is told to wait between two looks at a job (Retry-After of the 202). */
export const IMPORT_JOB_POLL_SECONDS = 2;
const ACTIVE = `('queued', 'running')`;
const PROBLEM_CODE = 'import_interrupted';

/**
 * Columns that describe the request (who, which file, which options) or the job's own
 * progress: kept on the job's row when the importer's report is copied onto it. Every other
 * column of data_imports is the outcome and is copied.
 */
const REQUEST_COLUMNS = new Set([
  'id',
  'created_by',
  'file_name',
  'file_hash',
  'file_size',
  'idempotency_key',
  'mode',
  'dry_run',
  'created_at',
  'phase',
  'bytes_read',
  'rows_read',
  'phase_done',
  'phase_total',
  'started_at',
  'updated_at',
  'replay_of',
]);

interface Job {
  id: string;
  file: UploadedCsvFile;
  /** What the importer reads (CSV, or the text of an XLSX workbook's sheet). */
  source: ImportSource;
  sha256: string;
  mode: DataImport['mode'];
  dryRun: boolean;
  unknownColumns: ImportRequest['unknownColumns'];
  caller: AuthenticatedUser;
  audit: AuditRequestContext;
  progress: ImportProgress | null;
  /** Progress changed since it was last written. */
  dirty: boolean;
  lastWrite: number;
  /** The row is no longer this job's to write (declared interrupted): nothing may commit. */
  lost: boolean;
  /** The outcome is being written: progress writes stop. */
  settling: boolean;
  /** The importer stored the failure (through recordFailure). */
  failureRecorded: boolean;
  /** Not retried before this time after every import place across the service was taken. */
  notBefore: number;
  backendPid: number | null;
  stream: Readable | null;
  done: Promise<void>;
}

/** The request's IP, user agent and id, read now: the request object is not kept. */
function readAuditSource(source: AuditRequestContext | object): AuditRequestContext {
  const context = auditContextOf(source as AuditRequestContext);
  return {
    ip_address: context.ipAddress,
    user_agent: context.userAgent,
    request_id: context.requestId,
  };
}

function newJob(
  id: string,
  file: UploadedCsvFile,
  source: ImportSource,
  sha256: string,
  query: ImportQueryDto,
  caller: AuthenticatedUser,
): Job {
  return {
    id,
    file,
    source,
    sha256,
    mode: query.mode,
    dryRun: query.dry_run,
    unknownColumns: query.unknown_columns,
    caller,
    audit: {},
    progress: null,
    dirty: false,
    lastWrite: Date.now(),
    lost: false,
    settling: false,
    failureRecorded: false,
    notBefore: 0,
    backendPid: null,
    stream: null,
    done: Promise.resolve(),
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * Imports run as background jobs on the instance that accepted them. A job's report is stored
 * `queued` at once (the 202's body), then `running` once it has an import place (the same
 * heavy-work limits as an import in its request; a job past them waits queued, and a new job
 * is refused with 429 when IMPORT_JOBS_MAX_QUEUED are already waiting). While it works, its
 * phase and progress are written to its row about once a second from the main pool, outside
 * the import's transaction, so any instance reads them. At the end the importer's report is
 * copied onto the job's row (in the import's own transaction when it writes students), so the
 * job ends as the same report an import in its request would have given.
 *
 * A queued or running job whose row has not been written for IMPORT_JOB_STALE_SECONDS (its
 * server died) is ended as `failed` with the problem `import_interrupted`, by whichever
 * instance reads it or by every instance's periodic look. On shutdown an instance takes no new
 * job, ends the waiting ones as interrupted, lets running ones finish for a moment and then
 * ends them as interrupted too (their transaction rolls back: nothing is imported).
 */
@Injectable()
export class ImportJobs
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('ImportJobs');
  private readonly importer: StudentImporter;
  private readonly queue: Job[] = [];
  private readonly running = new Set<Job>();
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private lastSweep = 0;
  private stopping = false;
  /**
   * Runs work in the context this service was made in, not the submitting request's (its
   * request-scoped store and any transaction in it): a job outlives its request.
   */
  private readonly detached = AsyncResource.bind((work: () => void) => work());

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly failedImports: FailedImportRecorder,
    @InjectHeavyDataSource() heavy: DataSource,
    private readonly limiter: HeavyWorkLimiter,
  ) {
    this.importer = new StudentImporter(dataSource, config.import, heavy);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  /** Jobs of this instance not yet ended (waiting or running). */
  active(): number {
    return this.queue.length + this.running.size;
  }

  /**
   * Accepts an import as a job and returns its report (`queued`, or `running` when it could
   * start at once) with `accepted: true`; a repeated Idempotency-Key returns that key's import
   * as it is now, with `accepted: false`. The upload's file is the job's from here on.
   */
  async submit(
    caller: AuthenticatedUser,
    file: UploadedCsvFile,
    query: ImportQueryDto,
    key: string | null,
    source: AuditRequestContext | object,
  ): Promise<{ report: ImportReportDto; accepted: boolean }> {
    if (this.stopping) {
      throw this.limiter.refusal('import', 'This server is shutting down and takes no new import.');
    }
    // CSV as it comes, or the text of an XLSX workbook's sheet; hashed as the importer hashes it.
    const importSource = await uploadImportSource(file, this.config.import);
    const sha256 = await sha256Of(importSource);
    const auditSource = readAuditSource(source);
    const repository = this.dataSource.getRepository(DataImport);
    if (key !== null) {
      const previous = await repository.findOneBy({ idempotencyKey: key });
      if (previous) return this.replayed(previous, sha256, query, caller, auditSource);
    }

    let lease: HeavyWorkLease | null = null;
    if (this.queue.length === 0) lease = this.tryAdmit();
    if (lease === null && this.queue.length >= this.config.importJobs.maxQueued) {
      throw this.limiter.refusal(
        'import',
        `${this.queue.length} import jobs are already waiting on this server (at most ${this.config.importJobs.maxQueued}, IMPORT_JOBS_MAX_QUEUED).`,
      );
    }
    let row: DataImport;
    try {
      row = await this.insertRow(caller, file, query, key, sha256);
    } catch (error: unknown) {
      lease?.release();
      const raced = key === null ? null : await repository.findOneBy({ idempotencyKey: key });
      if (raced) return this.replayed(raced, sha256, query, caller, auditSource);
      throw error;
    }
    const job = newJob(row.id, file, importSource, sha256, query, caller);
    job.audit = auditSource;
    keptUploads.add(file);
    if (lease) this.start(job, lease);
    else this.queue.push(job);
    return { report: toImportReport(row), accepted: true };
  }

  /** The job's report, `queued`, written now (its progress time is the database's). */
  private async insertRow(
    caller: AuthenticatedUser,
    file: UploadedCsvFile,
    query: ImportQueryDto,
    key: string | null,
    sha256: string,
  ): Promise<DataImport> {
    const repository = this.dataSource.getRepository(DataImport);
    const inserted = await repository.insert({
      createdBy: caller.id,
      fileName: (file.originalname || 'upload.csv').slice(0, 255),
      fileHash: sha256,
      fileSize: String(file.size),
      idempotencyKey: key,
      mode: query.mode,
      dryRun: query.dry_run,
      status: 'queued',
      errors: [],
      completedAt: null,
      updatedAt: () => 'now()',
    });
    const id = (inserted.identifiers[0] as { id: string }).id;
    return repository.findOneByOrFail({ id });
  }

  /**
   * The stored import, ended first as interrupted when it is a job whose server stopped
   * writing its progress for IMPORT_JOB_STALE_SECONDS.
   */
  async current(report: DataImport): Promise<DataImport> {
    if (report.status !== 'queued' && report.status !== 'running') return report;
    const seen = (report.updatedAt ?? report.createdAt).getTime();
    if (Date.now() - seen < this.config.importJobs.staleSeconds * 1000) return report;
    const ended = await this.expireStale(report.id);
    if (ended === 0) return report;
    return this.dataSource.getRepository(DataImport).findOneByOrFail({ id: report.id });
  }

  /**
   * Ends every queued or running job (of any instance) not written for the stale time as
   * failed `import_interrupted`, with its audit entry. Returns how many it ended.
   */
  async expireStale(id: string | null = null): Promise<number> {
    const seconds = this.config.importJobs.staleSeconds;
    const rows = await this.end(
      `COALESCE("updated_at", "created_at") < now() - make_interval(secs => ${seconds}) AND ($2::uuid IS NULL OR "id" = $2)`,
      [id],
      `No progress of the import was written for ${seconds} seconds: the server running it stopped. Nothing was imported; import the file again.`,
    );
    if (rows > 0) this.logger.warn({ jobs: rows }, 'Ended import jobs whose server stopped');
    return rows;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const job of this.queue.splice(0)) {
      await this.interrupt(
        job,
        'The server stopped before the import started. Nothing was imported; import the file again.',
      ).catch(() => undefined);
      await this.removeFile(job);
    }
    if (this.running.size === 0) return;
    const waitMs = Math.min(5000, (this.config.shutdownGraceSeconds * 1000) / 2) / 2;
    const settled = Promise.allSettled([...this.running].map((job) => job.done));
    await Promise.race([settled, delay(waitMs)]);
    for (const job of [...this.running]) {
      if (job.settling) continue;
      const ended = await this.interrupt(
        job,
        'The server stopped during the import. Nothing was imported; import the file again.',
      ).catch(() => false);
      if (ended) this.lose(job);
    }
    await Promise.race([settled, delay(waitMs)]);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private tryAdmit(): HeavyWorkLease | null {
    try {
      return this.limiter.admit('import');
    } catch (error: unknown) {
      if (error instanceof HeavyWorkLimitError) return null;
      throw error;
    }
  }

  /** Starts the waiting jobs that can have an import place on this instance. */
  private pump(): void {
    while (!this.stopping && this.queue.length > 0 && this.queue[0].notBefore <= Date.now()) {
      const lease = this.tryAdmit();
      if (lease === null) return;
      const job = this.queue.shift();
      if (job) this.start(job, lease);
      else lease.release();
    }
  }

  private start(job: Job, lease: HeavyWorkLease): void {
    this.running.add(job);
    this.detached(() => {
      job.done = this.run(job, lease).catch((error: unknown) => {
        this.logger.error({ err: error, import_id: job.id }, 'An import job ended badly');
      });
    });
  }

  private async run(job: Job, lease: HeavyWorkLease): Promise<void> {
    let again = false;
    try {
      const outcome = await this.importer.run(
        {
          fileName: job.source.fileName,
          size: job.source.size,
          sha256: job.sha256,
          open: () => {
            job.stream = job.source.open();
            return job.stream;
          },
        },
        {
          mode: job.mode,
          dryRun: job.dryRun,
          idempotencyKey: null,
          actorId: job.caller.id,
          unknownColumns: job.unknownColumns,
        },
        this.hooksFor(job),
      );
      const committed = outcome.report.status === 'completed' && !outcome.report.dryRun;
      if (outcome.replayed || !committed) await this.settleAfter(job, outcome);
    } catch (error: unknown) {
      if (error instanceof HeavyWorkLimitError && !this.stopping && !job.lost) {
        // Every import place across the service is taken: wait queued and try again.
        again = true;
        job.notBefore = Date.now() + this.config.heavyWork.retryAfterSeconds * 1000;
      } else if (!job.lost && !job.failureRecorded) {
        await this.recordFailure(job, error);
      } else if (!(error instanceof ImportJobLostError)) {
        this.logger.warn({ err: error, import_id: job.id }, 'An import job failed');
      }
    } finally {
      lease.release();
      this.running.delete(job);
      job.stream = null;
      if (again && !this.stopping) {
        this.queue.unshift(job);
      } else {
        if (again) {
          await this.interrupt(
            job,
            'The server stopped before the import started. Nothing was imported; import the file again.',
          ).catch(() => false);
        }
        await this.removeFile(job);
      }
      this.pump();
    }
  }

  private hooksFor(job: Job): ImportHooks {
    return {
      begin: (manager) => this.begin(job, manager),
      onProgress: (progress) => {
        job.progress = progress;
        job.dirty = true;
      },
      beforeCommit: async (report, manager) => {
        job.settling = true;
        if (!(await this.settle(job, report.id, null, manager))) throw new ImportJobLostError();
        await this.audit.record(this.auditEntry(job, report, false), manager);
      },
      recordFailure: async (report) => {
        job.failureRecorded = true;
        if (job.lost) return;
        job.settling = true;
        report.id = job.id;
        report.idempotencyKey = null;
        await this.failedImports.record(report, this.auditEntry(job, report, false));
      },
    };
  }

  /** Inside the import's transaction: claims the place across the service, marks the job running. */
  private async begin(job: Job, manager: EntityManager): Promise<void> {
    await this.limiter.claimClusterSlot('import', manager);
    const [{ pid }] = await manager.query<{ pid: number }[]>('SELECT pg_backend_pid() AS pid');
    job.backendPid = pid;
    const marked = normalizeReturning(
      await this.dataSource.query(
        `UPDATE "data_imports" SET "status" = 'running', "started_at" = now(), "updated_at" = now()
          WHERE "id" = $1 AND "status" IN ${ACTIVE} RETURNING "id"`,
        [job.id],
      ),
    );
    if (marked.length === 0) {
      job.lost = true;
      throw new ImportJobLostError();
    }
    job.lastWrite = Date.now();
  }

  /**
   * Copies the outcome of the importer's report `fromId` onto the job's row while the job is
   * still queued or running, with the last progress; `replayOf` names an earlier import
   * returned instead of importing again (kept), any other report row is deleted. Returns false
   * when the job had already ended (declared interrupted): nothing was copied.
   */
  private async settle(
    job: Job,
    fromId: string,
    replayOf: string | null,
    manager: EntityManager,
  ): Promise<boolean> {
    const columns = [
      ...new Set(manager.connection.getMetadata(DataImport).columns.map((c) => c.databaseName)),
    ].filter((name) => !REQUEST_COLUMNS.has(name));
    const copy = columns.map((name) => `"${name}" = y."${name}"`).join(', ');
    const p = job.progress;
    const rows = normalizeReturning(
      await manager.query(
        `UPDATE "data_imports" AS x SET ${copy}, "replay_of" = $3::uuid, "updated_at" = now(),
                "phase" = COALESCE($4::varchar, x."phase"), "bytes_read" = COALESCE($5::bigint, x."bytes_read"),
                "rows_read" = COALESCE($6::int, x."rows_read"), "phase_done" = COALESCE($7::bigint, x."phase_done"),
                "phase_total" = CASE WHEN $4::varchar IS NULL THEN x."phase_total" ELSE $8::bigint END
           FROM "data_imports" AS y
          WHERE x."id" = $1 AND y."id" = $2 AND x."status" IN ${ACTIVE}
          RETURNING x."id"`,
        [
          job.id,
          fromId,
          replayOf,
          p?.phase ?? null,
          p?.bytes ?? null,
          p?.rows ?? null,
          p?.done ?? null,
          p?.total ?? null,
        ],
      ),
    );
    if (replayOf === null && fromId !== job.id) {
      await manager.query('DELETE FROM "data_imports" WHERE "id" = $1', [fromId]);
    }
    return rows.length > 0;
  }

  /** A job that wrote no student (rejected, dry run) or replayed an earlier import. */
  private async settleAfter(job: Job, outcome: ImportOutcome): Promise<void> {
    job.settling = true;
    const fromId = outcome.report.id;
    await this.dataSource.transaction((manager) =>
      this.settle(job, fromId, outcome.replayed ? fromId : null, manager),
    );
    await this.audit.recordSafely(this.auditEntry(job, outcome.report, outcome.replayed));
  }

  /** A job that failed outside the importer's own failure record (e.g. while settling). */
  private async recordFailure(job: Job, error: unknown): Promise<void> {
    this.logger.warn({ err: error, import_id: job.id }, 'An import job failed');
    const report = this.dataSource.getRepository(DataImport).create({
      id: job.id,
      status: 'failed',
      idempotencyKey: null,
      inserted: 0,
      updated: 0,
      errorCount: 1,
      errors: [
        isDatabaseUnavailable(error)
          ? {
              row: 1,
              column: null,
              code: 'database_unavailable',
              message: 'The database became unavailable during the import; nothing was imported.',
            }
          : {
              row: 1,
              column: null,
              code: 'import_failed',
              message: 'The import failed unexpectedly; nothing was imported.',
            },
      ],
      completedAt: new Date(),
    });
    await this.failedImports.record(report, this.auditEntry(job, report, false));
  }

  /** Ends the job's row as interrupted if it is still queued or running; true when it did. */
  private async interrupt(job: Job, message: string): Promise<boolean> {
    return (await this.end(`"id" = $2`, [job.id], message)) > 0;
  }

  /** Ends the active rows matching `where` as failed `import_interrupted`, audited. */
  private async end(where: string, parameters: unknown[], message: string): Promise<number> {
    const problem = [{ row: 1, column: null, code: PROBLEM_CODE, message }];
    const rows = normalizeReturning<{
      id: string;
      created_by: string | null;
      file_name: string;
      mode: string;
      dry_run: boolean;
      rows_total: number;
    }>(
      await this.dataSource.query(
        `UPDATE "data_imports"
            SET "status" = 'failed', "idempotency_key" = NULL, "inserted" = 0, "updated" = 0,
                "skipped" = "rows_total", "error_count" = 1, "errors" = $1::jsonb,
                "completed_at" = now(), "updated_at" = now()
          WHERE "status" IN ${ACTIVE} AND ${where}
          RETURNING "id", "created_by", "file_name", "mode", "dry_run", "rows_total"`,
        [JSON.stringify(problem), ...parameters],
      ),
    );
    for (const row of rows) {
      await this.audit.recordSafely({
        actor: row.created_by === null ? null : { id: row.created_by },
        action: 'data.import',
        target_type: 'data_import',
        target_id: row.id,
        outcome: 'failure',
        details: {
          file_name: row.file_name,
          mode: row.mode,
          dry_run: row.dry_run,
          status: 'failed',
          error: PROBLEM_CODE,
          job: true,
        },
        request: null,
      });
    }
    return rows.length;
  }

  /** The job's row was ended by someone else: stop reading, stop its statement, commit nothing. */
  private lose(job: Job): void {
    job.lost = true;
    job.stream?.destroy(new ImportJobLostError());
    const pid = job.backendPid;
    if (pid !== null && this.running.has(job)) {
      void this.dataSource.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
    }
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      for (const job of [...this.queue, ...this.running]) await this.writeProgress(job);
      this.pump();
      const sweepMs = (this.config.importJobs.staleSeconds * 1000) / 2;
      if (!this.stopping && Date.now() - this.lastSweep >= sweepMs) {
        this.lastSweep = Date.now();
        await this.expireStale();
      }
    } catch (error: unknown) {
      this.logger.warn({ err: error }, 'Import jobs: could not write progress; will try again');
    } finally {
      this.ticking = false;
    }
  }

  /**
   * Writes the job's progress when it changed, and at least every third of the stale time
   * anyway (so a long statement does not look like a dead server).
   */
  private async writeProgress(job: Job): Promise<void> {
    if (job.lost || job.settling) return;
    const heartbeatMs = (this.config.importJobs.staleSeconds * 1000) / 3;
    if (!job.dirty && Date.now() - job.lastWrite < heartbeatMs) return;
    job.dirty = false;
    const p = job.progress;
    const rows = normalizeReturning(
      await this.dataSource.query(
        `UPDATE "data_imports"
            SET "updated_at" = now(), "phase" = COALESCE($2::varchar, "phase"),
                "bytes_read" = COALESCE($3::bigint, "bytes_read"), "rows_read" = COALESCE($4::int, "rows_read"),
                "phase_done" = COALESCE($5::bigint, "phase_done"),
                "phase_total" = CASE WHEN $2::varchar IS NULL THEN "phase_total" ELSE $6::bigint END
          WHERE "id" = $1 AND "status" IN ${ACTIVE}
          RETURNING "id"`,
        [
          job.id,
          p?.phase ?? null,
          p?.bytes ?? null,
          p?.rows ?? null,
          p?.done ?? null,
          p?.total ?? null,
        ],
      ),
    );
    job.lastWrite = Date.now();
    if (rows.length === 0 && !job.settling) this.lose(job);
  }

  private async removeFile(job: Job): Promise<void> {
    keptUploads.delete(job.file);
    await rm(job.file.path, { force: true }).catch(() => undefined);
  }

  private async replayed(
    previous: DataImport,
    sha256: string,
    query: ImportQueryDto,
    caller: AuthenticatedUser,
    source: AuditRequestContext,
  ): Promise<{ report: ImportReportDto; accepted: boolean }> {
    if (
      previous.fileHash !== sha256 ||
      previous.mode !== query.mode ||
      previous.dryRun !== query.dry_run
    ) {
      throw new IdempotencyKeyReusedError(previous.id);
    }
    const now = await this.current(previous);
    await this.audit.recordSafely({
      actor: { id: caller.id, role: caller.role },
      action: 'data.import',
      target_type: 'data_import',
      target_id: now.id,
      outcome: now.status === 'failed' || now.status === 'rejected' ? 'failure' : 'success',
      details: { file_name: now.fileName, mode: now.mode, status: now.status, replayed: true },
      request: source,
    });
    return { report: toImportReport(now, true), accepted: false };
  }

  private auditEntry(job: Job, report: DataImport, replayed: boolean): AuditEntry {
    return {
      actor: { id: job.caller.id, role: job.caller.role },
      action: 'data.import',
      target_type: 'data_import',
      target_id: job.id,
      outcome: report.status === 'completed' ? 'success' : 'failure',
      details: {
        file_name: report.fileName,
        mode: report.mode,
        dry_run: report.dryRun,
        status: report.status,
        replayed,
        job: true,
        rows_total: report.rowsTotal,
        inserted: report.inserted,
        updated: report.updated,
        skipped: report.skipped,
        error_count: report.errorCount,
      },
      request: job.audit,
    };
  }
}

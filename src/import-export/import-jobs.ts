import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { rm } from 'node:fs/promises';
import { AsyncResource } from 'node:async_hooks';
import type { AuditRequestContext } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { RequestContext } from '../common/request-context/request-context';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { HeavyWorkLease, HeavyWorkLimiter } from '../database/heavy-work-limiter';
import { HeavyWorkLimitError } from '../database/heavy-work.errors';
import type { MainTransactionHost } from '../database/transactions';
import { ActiveImportFilter, DataImportsRepository } from './data-imports.repository';
import type { ImportQueryDto } from './dto/import-query.dto';
import type { ImportReportDto } from './dto/import-report.dto';
import { toImportReport } from './dto/to-import-report';
import type { DataImport } from './entities/data-import.entity';
import { FailedImportRecorder } from './failed-import-recorder';
import { IdempotencyKeyReusedError } from './import-export.errors';
import { ImportJob, newImportJob } from './import-job';
import { ImportJobOutcomes } from './import-job-outcomes';
import { JOB_INTERRUPTED, jobInterruptedAuditEntry } from './import-job-audit-entries';
import { ImportJobLostError } from './import-job-lost.error';
import { isSameImportRequest } from './is-same-import-request';
import { keptUploads } from './kept-uploads';
import type { ImportOutcome } from './student-importer';
import { sha256Of, StudentImporter } from './student-importer';
import { uploadImportSource } from './xlsx/upload-import-source';
import type { UploadedCsvFile } from './uploaded-csv-file';

/** How often an instance writes its jobs' progress, retries waiting jobs and looks for dead ones. */
const TICK_MS = 1000;
const NOT_STARTED =
  'The server stopped before the import started. Nothing was imported; import the file again.';

/** A job accepted, or the job of a repeated Idempotency-Key as it is now. */
export interface SubmittedImportJob {
  report: ImportReportDto;
  accepted: boolean;
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
  private readonly outcomes: ImportJobOutcomes;
  private readonly queue: ImportJob[] = [];
  private readonly running = new Set<ImportJob>();
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    failedImports: FailedImportRecorder,
    private readonly limiter: HeavyWorkLimiter,
    private readonly imports: DataImportsRepository,
    @InjectTransactionHost() txHost: MainTransactionHost,
    private readonly context: RequestContext,
    private readonly importer: StudentImporter,
  ) {
    this.outcomes = new ImportJobOutcomes(imports, txHost, audit, failedImports, limiter);
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
  ): Promise<SubmittedImportJob> {
    if (this.stopping) {
      throw this.limiter.refusal('import', 'This server is shutting down and takes no new import.');
    }
    // CSV as it comes, or the text of an XLSX workbook's sheet; hashed as the importer hashes it.
    const source = await uploadImportSource(file, this.config.import);
    const sha256 = await sha256Of(source);
    const previous = key === null ? null : await this.imports.findByKey(key);
    if (previous) return this.replayed(previous, sha256, query, caller);

    const lease = this.admitOrRefuse();
    let row: DataImport;
    try {
      row = await this.insertRow(caller, file, query, key, sha256);
    } catch (error: unknown) {
      lease?.release();
      const raced = key === null ? null : await this.imports.findByKey(key);
      if (raced) return this.replayed(raced, sha256, query, caller);
      throw error;
    }
    const audit = this.requestRead();
    const job = newImportJob({ id: row.id, file, source, sha256, query, caller, audit });
    keptUploads.add(file);
    if (lease) this.start(job, lease);
    else this.queue.push(job);
    return { report: toImportReport(row), accepted: true };
  }

  /** An import place now when none waits before it; null to wait; a 429 past the queue's limit. */
  private admitOrRefuse(): HeavyWorkLease | null {
    const lease = this.queue.length === 0 ? this.tryAdmit() : null;
    const max = this.config.importJobs.maxQueued;
    if (lease === null && this.queue.length >= max) {
      throw this.limiter.refusal(
        'import',
        `${this.queue.length} import jobs are already waiting on this server (at most ${max}, IMPORT_JOBS_MAX_QUEUED).`,
      );
    }
    return lease;
  }

  /** The submitting request's IP, user agent and id, read now: the job outlives the request. */
  private requestRead(): AuditRequestContext {
    return {
      ip_address: this.context.ipAddress,
      user_agent: this.context.userAgent,
      request_id: this.context.requestId,
    };
  }

  /** The job's report, `queued`, written now (its progress time is the database's). */
  private insertRow(
    caller: AuthenticatedUser,
    file: UploadedCsvFile,
    query: ImportQueryDto,
    key: string | null,
    sha256: string,
  ): Promise<DataImport> {
    return this.imports.insertQueued({
      createdBy: caller.id,
      fileName: (file.originalname || 'upload.csv').slice(0, 255),
      fileHash: sha256,
      fileSize: String(file.size),
      idempotencyKey: key,
      mode: query.mode,
      dryRun: query.dry_run,
      unknownColumns: query.unknown_columns,
    });
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
    return (await this.imports.findById(report.id)) ?? report;
  }

  /**
   * Ends every queued or running job (of any instance) not written for the stale time as
   * failed `import_interrupted`, with its audit entry. Returns how many it ended.
   */
  async expireStale(id: string | null = null): Promise<number> {
    const seconds = this.config.importJobs.staleSeconds;
    const rows = await this.end(
      { staleSeconds: seconds, id },
      `No progress of the import was written for ${seconds} seconds: the server running it stopped. Nothing was imported; import the file again.`,
    );
    if (rows > 0) this.logger.warn({ jobs: rows }, 'Ended import jobs whose server stopped');
    return rows;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const job of this.queue.splice(0)) {
      await this.interrupt(job, NOT_STARTED).catch(() => undefined);
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

  private start(job: ImportJob, lease: HeavyWorkLease): void {
    this.running.add(job);
    this.detached(() => {
      job.done = this.run(job, lease).catch((error: unknown) => {
        this.logger.error({ err: error, import_id: job.id }, 'An import job ended badly');
      });
    });
  }

  private async run(job: ImportJob, lease: HeavyWorkLease): Promise<void> {
    let again = false;
    try {
      const outcome = await this.importFor(job);
      const committed = outcome.report.status === 'completed' && !outcome.report.dryRun;
      if (outcome.replayed || !committed) await this.outcomes.settleAfter(job, outcome);
    } catch (error: unknown) {
      again = await this.failed(job, error);
    } finally {
      lease.release();
      this.running.delete(job);
      job.stream = null;
      await this.afterRun(job, again);
    }
  }

  /** The job's import, reading its file into the stream kept to stop it. */
  private importFor(job: ImportJob): Promise<ImportOutcome> {
    const open = () => {
      job.stream = job.source.open();
      return job.stream;
    };
    return this.importer.run(
      { fileName: job.source.fileName, size: job.source.size, sha256: job.sha256, open },
      {
        mode: job.mode,
        dryRun: job.dryRun,
        idempotencyKey: null,
        actorId: job.caller.id,
        unknownColumns: job.unknownColumns,
      },
      this.outcomes.hooksFor(job),
    );
  }

  /** What a job's error means; true when it is to wait queued and try again. */
  private async failed(job: ImportJob, error: unknown): Promise<boolean> {
    if (error instanceof HeavyWorkLimitError && !this.stopping && !job.lost) {
      // Every import place across the service is taken: wait queued and try again.
      job.notBefore = Date.now() + this.config.heavyWork.retryAfterSeconds * 1000;
      return true;
    }
    if (!job.lost && !job.failureRecorded) {
      await this.outcomes.recordFailure(job, error);
    } else if (!(error instanceof ImportJobLostError)) {
      this.logger.warn({ err: error, import_id: job.id }, 'An import job failed');
    }
    return false;
  }

  /** Back in the queue to try again, or done: its file removed. Then the next jobs start. */
  private async afterRun(job: ImportJob, again: boolean): Promise<void> {
    if (again && !this.stopping) {
      this.queue.unshift(job);
    } else {
      if (again) await this.interrupt(job, NOT_STARTED).catch(() => false);
      await this.removeFile(job);
    }
    this.pump();
  }

  /** Ends the job's row as interrupted if it is still queued or running; true when it did. */
  private async interrupt(job: ImportJob, message: string): Promise<boolean> {
    return (await this.end({ id: job.id }, message)) > 0;
  }

  /** Ends the active rows that match as failed `import_interrupted`, audited. */
  private async end(filter: ActiveImportFilter, message: string): Promise<number> {
    const problem = { row: 1, column: null, code: JOB_INTERRUPTED, message };
    const rows = await this.imports.endActive(filter, [problem]);
    for (const row of rows) await this.audit.recordSafely(jobInterruptedAuditEntry(row));
    return rows.length;
  }

  /** The job's row was ended by someone else: stop reading, stop its statement, commit nothing. */
  private lose(job: ImportJob): void {
    job.lost = true;
    job.stream?.destroy(new ImportJobLostError());
    const pid = job.backendPid;
    if (pid !== null && this.running.has(job)) {
      void this.imports.cancelBackend(pid).catch(() => undefined);
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
  private async writeProgress(job: ImportJob): Promise<void> {
    if (job.lost || job.settling) return;
    const heartbeatMs = (this.config.importJobs.staleSeconds * 1000) / 3;
    if (!job.dirty && Date.now() - job.lastWrite < heartbeatMs) return;
    job.dirty = false;
    const active = await this.imports.writeProgress(job.id, job.progress);
    job.lastWrite = Date.now();
    if (!active && !job.settling) this.lose(job);
  }

  private async removeFile(job: ImportJob): Promise<void> {
    keptUploads.delete(job.file);
    await rm(job.file.path, { force: true }).catch(() => undefined);
  }

  private async replayed(
    previous: DataImport,
    sha256: string,
    query: ImportQueryDto,
    caller: AuthenticatedUser,
  ): Promise<SubmittedImportJob> {
    const options = {
      mode: query.mode,
      dryRun: query.dry_run,
      unknownColumns: query.unknown_columns,
    };
    if (!isSameImportRequest(previous, sha256, options)) {
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
    });
    return { report: toImportReport(now, true), accepted: false };
  }
}

import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import type { HeavyWorkLimiter } from '../database/heavy-work-limiter';
import type { MainTransactionHost } from '../database/transactions';
import type { DataImportsRepository } from './data-imports.repository';
import type { DataImport } from './entities/data-import.entity';
import type { FailedImportRecorder } from './failed-import-recorder';
import type { ImportJob } from './import-job';
import { jobOutcomeAuditEntry } from './import-job-audit-entries';
import { ImportJobLostError } from './import-job-lost.error';
import type { ImportHooks, ImportOutcome } from './student-import.types';
import type { ImportProblem } from './student-row-parser';

/** The problem of a job that failed outside the importer's own failure record. */
function jobFailureProblem(error: unknown): ImportProblem {
  return isDatabaseUnavailable(error)
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
      };
}

/**
 * What a job ends as, written on its row: marked running once the import's transaction has
 * its place, the importer's report copied onto the row (in that transaction when the import
 * writes students, else afterwards), failures recorded; each outcome audited. A job whose row
 * was ended meanwhile (declared interrupted) commits nothing.
 */
export class ImportJobOutcomes {
  private readonly logger = new Logger('ImportJobs');

  constructor(
    private readonly imports: DataImportsRepository,
    private readonly txHost: MainTransactionHost,
    private readonly audit: AuditService,
    private readonly failedImports: FailedImportRecorder,
    private readonly limiter: HeavyWorkLimiter,
  ) {}

  /** The importer's hooks for the job: progress kept on it, the outcome written on its row. */
  hooksFor(job: ImportJob): ImportHooks {
    return {
      begin: (transaction) => this.begin(job, transaction),
      onProgress: (progress) => {
        job.progress = progress;
        job.dirty = true;
      },
      beforeCommit: (report, transaction) => this.settleIn(job, report, transaction),
      recordFailure: async (report) => {
        job.failureRecorded = true;
        if (job.lost) return;
        job.settling = true;
        report.id = job.id;
        report.idempotencyKey = null;
        await this.failedImports.record(report, jobOutcomeAuditEntry(job, report, false));
      },
    };
  }

  /** A job that wrote no student (rejected, dry run) or replayed an earlier import. */
  async settleAfter(job: ImportJob, outcome: ImportOutcome): Promise<void> {
    job.settling = true;
    const fromId = outcome.report.id;
    const replayOf = outcome.replayed ? fromId : null;
    await this.txHost.withTransaction(() =>
      this.imports.settle(job.id, fromId, replayOf, job.progress),
    );
    await this.audit.recordSafely(jobOutcomeAuditEntry(job, outcome.report, outcome.replayed));
  }

  /** A job that failed outside the importer's own failure record (e.g. while settling). */
  async recordFailure(job: ImportJob, error: unknown): Promise<void> {
    this.logger.warn({ err: error, import_id: job.id }, 'An import job failed');
    const report = this.imports.create({
      id: job.id,
      status: 'failed',
      idempotencyKey: null,
      inserted: 0,
      updated: 0,
      errorCount: 1,
      errors: [jobFailureProblem(error)],
      completedAt: new Date(),
    });
    await this.failedImports.record(report, jobOutcomeAuditEntry(job, report, false));
  }

  /**
   * Inside the import's transaction (on the heavy pool): claims the place across the service,
   * marks the job running from the main pool.
   */
  private async begin(job: ImportJob, transaction: EntityManager): Promise<void> {
    await this.limiter.claimClusterSlot('import', transaction);
    job.backendPid = await this.imports.within(transaction).backendPid();
    if (!(await this.imports.markRunning(job.id))) {
      job.lost = true;
      throw new ImportJobLostError();
    }
    job.lastWrite = Date.now();
  }

  /** Just before the import commits, in its transaction: the report onto the row, audited. */
  private async settleIn(
    job: ImportJob,
    report: DataImport,
    transaction: EntityManager,
  ): Promise<void> {
    job.settling = true;
    const inImport = this.imports.within(transaction);
    if (!(await inImport.settle(job.id, report.id, null, job.progress))) {
      throw new ImportJobLostError();
    }
    // The import's transaction is the heavy pool's current one: the audit row joins it.
    await this.audit.record(jobOutcomeAuditEntry(job, report, false));
  }
}

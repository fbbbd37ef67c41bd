import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { auditContextOf } from '../audit/audit-context';
import type { AuditEntry } from '../audit/audit-entry';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/request-context/request-context';
import type { MainTransactionHost } from '../database/transactions';
import { DataImportsRepository } from './data-imports.repository';
import type { DataImport } from './entities/data-import.entity';

/** First retry after this many ms; each further try doubles it up to RETRY_MAX_MS. */
export const RECORD_RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30_000;
/** A record is kept for retries this long at most (then logged in full and dropped). */
const KEEP_MS = 6 * 60 * 60 * 1000;
/** At most this many failed imports wait in memory; the oldest is dropped past it. */
const MAX_PENDING = 1000;

interface Pending {
  report: DataImport;
  /** The audit entry; its target is the recorded import. */
  audit: AuditEntry;
  since: number;
}

/**
 * Writes the report of a failed import (a `data_imports` row with status `failed` and its
 * error) and its audit entry, in one transaction. When the database is the reason the import
 * failed, that write fails too: the record then waits in memory and is tried again, with
 * backoff, until the database answers (bounded in time and count, see KEEP_MS and MAX_PENDING).
 * A record still waiting when the process ends is lost; the log has it.
 */
@Injectable()
export class FailedImportRecorder implements OnApplicationShutdown {
  private readonly logger = new Logger('FailedImports');
  private readonly pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private delayMs = RECORD_RETRY_FIRST_MS;
  private flushing: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly imports: DataImportsRepository,
    @InjectTransactionHost() private readonly txHost: MainTransactionHost,
    private readonly audit: AuditService,
    private readonly context: RequestContext,
  ) {}

  /**
   * Records the failure now if the database answers, else as soon as it does. An entry that
   * names no request takes the current request's context, read now.
   */
  async record(report: DataImport, audit: AuditEntry): Promise<void> {
    const request = audit.request !== undefined ? audit.request : this.context;
    const entry: Pending = { report, audit: withRequestRead(audit, request), since: Date.now() };
    try {
      await this.write(entry);
    } catch (error: unknown) {
      this.logger.warn(
        { err_message: (error as Error)?.message, file_name: report.fileName },
        'Could not record a failed import yet; retrying until the database answers',
      );
      this.enqueue(entry);
    }
  }

  /** Number of failed imports waiting to be recorded. */
  waiting(): number {
    return this.pending.length;
  }

  /** Tries every waiting record once (also run by the timer). */
  flush(): Promise<void> {
    this.flushing ??= this.flushOnce().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.flushing;
    if (this.pending.length === 0) return;
    await this.flushOnce();
    for (const entry of this.pending.splice(0)) this.lose(entry, 'the process is stopping');
  }

  private async flushOnce(): Promise<void> {
    while (this.pending.length > 0) {
      const entry = this.pending[0];
      if (Date.now() - entry.since > KEEP_MS) {
        this.pending.shift();
        this.lose(entry, 'the database did not answer in time');
        continue;
      }
      try {
        await this.write(entry);
      } catch {
        this.schedule();
        return;
      }
      this.pending.shift();
      this.delayMs = RECORD_RETRY_FIRST_MS;
      this.logger.log({ file_name: entry.report.fileName }, 'Recorded a failed import');
    }
  }

  private async write(entry: Pending): Promise<void> {
    await this.txHost.withTransaction(async () => {
      const saved = await this.imports.save(entry.report);
      await this.audit.record({
        ...entry.audit,
        target_type: 'data_import',
        target_id: saved.id,
        details: { ...entry.audit.details, error: saved.errors[0]?.code ?? null },
      });
    });
  }

  private enqueue(entry: Pending): void {
    if (this.stopped) {
      this.lose(entry, 'the process is stopping');
      return;
    }
    this.pending.push(entry);
    if (this.pending.length > MAX_PENDING) {
      const dropped = this.pending.shift();
      if (dropped) this.lose(dropped, 'too many failed imports are waiting');
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped || this.timer !== undefined) return;
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, RETRY_MAX_MS);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delay);
    this.timer.unref();
  }

  private lose(entry: Pending, why: string): void {
    const r = entry.report;
    this.logger.error(
      {
        file_name: r.fileName,
        file_sha256: r.fileHash,
        mode: r.mode,
        dry_run: r.dryRun,
        created_by: r.createdBy,
        rows_total: r.rowsTotal,
        errors: r.errors,
      },
      `A failed import could not be recorded: ${why}`,
    );
  }
}

/** The audit entry with its request's context read now: a retry may run after the request. */
function withRequestRead(
  entry: AuditEntry,
  request: AuditEntry['request'] | RequestContext,
): AuditEntry {
  const context = auditContextOf(request);
  return {
    ...entry,
    request: {
      ip_address: context.ipAddress,
      user_agent: context.userAgent,
      request_id: context.requestId,
    },
  };
}

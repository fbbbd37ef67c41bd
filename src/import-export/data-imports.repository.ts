import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, DeepPartial, EntityManager } from 'typeorm';
import { SqlParams } from '../common/sql/sql-params';
import { normalizeReturning } from '../database/normalize-returning';
import type { MainTransactionHost } from '../database/transactions';
import {
  BACKEND_PID_SQL,
  CANCEL_BACKEND_SQL,
  DELETE_IMPORT_SQL,
  endActiveSql,
  MARK_RUNNING_SQL,
  settleJobSql,
  WRITE_PROGRESS_SQL,
} from './data-imports-sql';
import { DataImport } from './entities/data-import.entity';
import type { ImportProgress } from './student-import.types';

/**
 * Columns that describe the request (who, which file, which options) or the job's own
 * progress: kept on a job's row when the importer's report is copied onto it. Every other
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
  'unknown_columns',
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

/** A job ended as interrupted: what its audit entry names. */
export interface EndedImport {
  id: string;
  created_by: string | null;
  file_name: string;
  mode: string;
  dry_run: boolean;
  rows_total: number;
}

/** Which active jobs to end: one (`id`), those not written for `staleSeconds`, or both. */
export interface ActiveImportFilter {
  id?: string | null;
  staleSeconds?: number;
}

/** A job's last progress as its columns take it (all null when it has none yet). */
function progressValues(p: ImportProgress | null): unknown[] {
  return [p?.phase ?? null, p?.bytes ?? null, p?.rows ?? null, p?.done ?? null, p?.total ?? null];
}

/**
 * The module's only access to `data_imports` (import reports and background jobs): in the
 * current transaction (`@Transactional()` or `withTransaction`), else on its own. An import's
 * own transaction runs on the heavy-work pool, which the transaction host does not know: the
 * importer binds a copy of this repository to it with `within`.
 */
@Injectable()
export class DataImportsRepository {
  private fixed: EntityManager | null = null;
  private copiedColumns: string | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    // Absent in the command-line tools, which build the repository on a bare data source.
    @Optional() @InjectTransactionHost() private readonly txHost?: MainTransactionHost,
  ) {}

  /** This repository, writing in the given transaction of another pool (an import's own). */
  within(transaction: EntityManager): DataImportsRepository {
    const bound = new DataImportsRepository(this.dataSource, this.txHost);
    bound.fixed = transaction;
    return bound;
  }

  /** A new report, not stored yet. */
  create(fields: DeepPartial<DataImport>): DataImport {
    return this.dataSource.getRepository(DataImport).create(fields);
  }

  findById(id: string): Promise<DataImport | null> {
    return this.reports().findOneBy({ id });
  }

  findByKey(idempotencyKey: string): Promise<DataImport | null> {
    return this.reports().findOneBy({ idempotencyKey });
  }

  findByKeyOrFail(idempotencyKey: string): Promise<DataImport> {
    return this.reports().findOneByOrFail({ idempotencyKey });
  }

  /** The latest completed, written import of the same content. */
  latestCompletedOf(fileHash: string): Promise<DataImport | null> {
    return this.reports().findOne({
      where: { fileHash, dryRun: false, status: 'completed' },
      order: { createdAt: 'DESC' },
    });
  }

  save(report: DataImport): Promise<DataImport> {
    return this.reports().save(report);
  }

  /** Stores a job's report as `queued`, its progress time the database's; returns it as stored. */
  async insertQueued(fields: DeepPartial<DataImport>): Promise<DataImport> {
    const reports = this.reports();
    const inserted = await reports.insert({
      ...fields,
      status: 'queued',
      errors: [],
      completedAt: null,
      updatedAt: () => 'now()',
    });
    const id = (inserted.identifiers[0] as { id: string }).id;
    return reports.findOneByOrFail({ id });
  }

  /** Marks a job running; false when it had already ended. */
  async markRunning(id: string): Promise<boolean> {
    return (await this.returning(MARK_RUNNING_SQL, [id])).length > 0;
  }

  /** Writes a job's progress; false when it had already ended. */
  async writeProgress(id: string, progress: ImportProgress | null): Promise<boolean> {
    const values = [id, ...progressValues(progress)];
    return (await this.returning(WRITE_PROGRESS_SQL, values)).length > 0;
  }

  /**
   * Copies the outcome of report `fromId` onto job `jobId` while the job is still active, with
   * its last progress; `replayOf` names an earlier import returned instead of importing again
   * (kept), any other report row is deleted. False when the job had already ended.
   */
  async settle(
    jobId: string,
    fromId: string,
    replayOf: string | null,
    progress: ImportProgress | null,
  ): Promise<boolean> {
    const values = [jobId, fromId, replayOf, ...progressValues(progress)];
    const rows = await this.returning(settleJobSql(this.outcomeColumns()), values);
    if (replayOf === null && fromId !== jobId) {
      await this.manager().query(DELETE_IMPORT_SQL, [fromId]);
    }
    return rows.length > 0;
  }

  /** Ends the active jobs that match as failed with `problems`; returns them. */
  endActive(filter: ActiveImportFilter, problems: DataImport['errors']): Promise<EndedImport[]> {
    const params = new SqlParams();
    params.add(JSON.stringify(problems));
    const where: string[] = [];
    if (filter.staleSeconds !== undefined) {
      const seconds = params.add(filter.staleSeconds);
      where.push(
        `COALESCE("updated_at", "created_at") < now() - make_interval(secs => ${seconds}::double precision)`,
      );
    }
    if (filter.id !== undefined && filter.id !== null) {
      where.push(`"id" = ${params.add(filter.id)}::uuid`);
    }
    const sql = endActiveSql(where.length > 0 ? where.join(' AND ') : 'true');
    return this.returning<EndedImport>(sql, params.values);
  }

  /** The server process of the current transaction (to cancel its statement later). */
  async backendPid(): Promise<number> {
    const [{ pid }] = await this.manager().query<{ pid: number }[]>(BACKEND_PID_SQL);
    return pid;
  }

  /** Cancels the statement the server process `pid` is running. */
  async cancelBackend(pid: number): Promise<void> {
    await this.manager().query(CANCEL_BACKEND_SQL, [pid]);
  }

  private async returning<T = { id: string }>(sql: string, values: unknown[]): Promise<T[]> {
    return normalizeReturning<T>(await this.manager().query(sql, values));
  }

  /** `"a" = y."a", …` for the outcome columns (those that describe neither request nor job). */
  private outcomeColumns(): string {
    this.copiedColumns ??= [
      ...new Set(this.dataSource.getMetadata(DataImport).columns.map((c) => c.databaseName)),
    ]
      .filter((name) => !REQUEST_COLUMNS.has(name))
      .map((name) => `"${name}" = y."${name}"`)
      .join(', ');
    return this.copiedColumns;
  }

  private reports() {
    return this.manager().getRepository(DataImport);
  }

  private manager(): EntityManager {
    return this.fixed ?? this.txHost?.tx ?? this.dataSource.manager;
  }
}

import { unknownColumnsRule } from './header-mapping';
import type { DataImportsRepository } from './data-imports.repository';
import type { DataImport } from './entities/data-import.entity';
import type { RejectedFileContext } from './file-rejection';
import { failureProblem, isIdempotencyKeyConflict } from './import-failures';
import { IdempotencyKeyReusedError } from './import-export.errors';
import { isSameImportRequest } from './is-same-import-request';
import { MAX_REPORTED_PROBLEMS } from './import-problems';
import type { LoadedRows } from './student-csv-reader';
import type {
  ImportHooks,
  ImportOutcome,
  ImportRequest,
  ImportSource,
} from './student-import.types';
import type { ImportProblem } from './student-row-parser';

/**
 * The reports of imports in data_imports: builds them, stores them (outside the import's
 * transaction for refusals, dry runs and failures) and finds the earlier report an import
 * replays (same Idempotency-Key, or same content).
 */
export class ImportReportStore {
  constructor(private readonly imports: DataImportsRepository) {}

  newReport(source: ImportSource, sha256: string, request: ImportRequest): DataImport {
    return this.imports.create({
      createdBy: request.actorId,
      fileName: source.fileName.slice(0, 255),
      fileHash: sha256,
      fileSize: String(source.size),
      idempotencyKey: request.idempotencyKey,
      mode: request.mode,
      dryRun: request.dryRun,
      unknownColumns: unknownColumnsRule(request.unknownColumns),
      rowsTotal: 0,
      inserted: 0,
      updated: 0,
      skipped: 0,
      errorCount: 0,
      errors: [],
      warningCount: 0,
      warnings: [],
      columns: null,
      completedAt: null,
    });
  }

  rejected(
    base: DataImport,
    rowsTotal: number,
    problems: ImportProblem[],
    problemCount = problems.length,
    context?: RejectedFileContext,
  ): DataImport {
    return Object.assign(base, {
      status: 'rejected' as const,
      rowsTotal,
      inserted: 0,
      updated: 0,
      skipped: rowsTotal,
      errorCount: problemCount,
      errors: problems.slice(0, MAX_REPORTED_PROBLEMS),
      ...(context && {
        warningCount: context.warningCount,
        warnings: context.warnings.slice(0, MAX_REPORTED_PROBLEMS),
        columns: context.columns,
      }),
      completedAt: new Date(),
    });
  }

  /** A file refused for the problems of its rows (atomic mode), with its warnings and columns. */
  rowsRejected(base: DataImport, load: LoadedRows): DataImport {
    const context: RejectedFileContext = {
      columns: load.columns,
      warnings: load.warnings.items,
      warningCount: load.warnings.count,
    };
    return this.rejected(base, load.rowsTotal, load.problems.items, load.problems.count, context);
  }

  completed(
    base: DataImport,
    load: LoadedRows,
    counts: { inserted: number; updated: number },
  ): DataImport {
    return Object.assign(this.rowsRejected(base, load), {
      status: 'completed' as const,
      inserted: counts.inserted,
      updated: counts.updated,
      skipped: load.invalidRows + load.duplicateRows,
    });
  }

  /** Saves a report outside any import transaction (rejections, dry runs). */
  async store(report: DataImport, sha256: string, request: ImportRequest): Promise<ImportOutcome> {
    try {
      const saved = await this.imports.save(report);
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
  async storeFailure(base: DataImport, error: unknown, hooks: ImportHooks): Promise<void> {
    const { id: _id, createdAt: _createdAt, ...fields } = base;
    const report = this.imports.create({
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
    await this.imports.save(report).catch(() => undefined);
  }

  /** The earlier import with the request's Idempotency-Key, replayed; null when there is none. */
  async replayForKeyOf(sha256: string, request: ImportRequest): Promise<ImportOutcome | null> {
    if (request.idempotencyKey === null) return null;
    const previous = await this.imports.findByKey(request.idempotencyKey);
    return previous ? this.replayForKey(previous, sha256, request) : null;
  }

  /** Another request with the same key committed first: answer as it did. */
  async replayAfterRace(
    key: string,
    sha256: string,
    request: ImportRequest,
  ): Promise<ImportOutcome> {
    const previous = await this.imports.findByKeyOrFail(key);
    return this.replayForKey(previous, sha256, request);
  }

  private replayForKey(
    previous: DataImport,
    sha256: string,
    request: ImportRequest,
  ): ImportOutcome {
    if (!isSameImportRequest(previous, sha256, request)) {
      throw new IdempotencyKeyReusedError(previous.id);
    }
    return { report: previous, replayed: true };
  }
}

import type { DataImport } from '../entities/data-import.entity';
import type { ImportReportDto } from './import-report.dto';
import { MAX_REPORTED_PROBLEMS } from '../import-problems';

/** A bigint column (a string) as a number, null kept. */
function numberOrNull(value: string | number | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** The one mapping from a stored import to its report. */
export function toImportReport(entity: DataImport, replayed = false): ImportReportDto {
  const written = entity.status === 'completed';
  const errors = entity.errors.slice(0, MAX_REPORTED_PROBLEMS).map((e) => ({
    row: e.row,
    column: e.column,
    message: e.message,
    code: e.code ?? 'invalid_value',
  }));
  return {
    import_id: entity.id,
    status: entity.status,
    mode: entity.mode,
    dry_run: entity.dryRun,
    file_name: entity.fileName,
    file_size: Number(entity.fileSize),
    file_sha256: entity.fileHash,
    rows_total: entity.rowsTotal,
    inserted: entity.inserted,
    updated: entity.updated,
    unchanged: written
      ? Math.max(0, entity.rowsTotal - entity.inserted - entity.updated - entity.skipped)
      : 0,
    skipped: entity.skipped,
    error_count: entity.errorCount,
    errors_truncated: entity.errorCount > errors.length,
    errors,
    replayed: replayed || entity.replayOf !== null,
    created_by: entity.createdBy,
    created_at: entity.createdAt.toISOString(),
    completed_at: entity.completedAt ? entity.completedAt.toISOString() : null,
    started_at: entity.startedAt ? entity.startedAt.toISOString() : null,
    updated_at: entity.updatedAt ? entity.updatedAt.toISOString() : null,
    phase: entity.phase ?? null,
    bytes_read: numberOrNull(entity.bytesRead),
    rows_read: numberOrNull(entity.rowsRead),
    phase_done: numberOrNull(entity.phaseDone),
    phase_total: numberOrNull(entity.phaseTotal),
    warning_count: entity.warningCount ?? 0,
    warnings: (entity.warnings ?? []).slice(0, MAX_REPORTED_PROBLEMS).map((w) => ({
      row: w.row,
      column: w.column,
      message: w.message,
      code: w.code,
    })),
    columns: entity.columns ?? { used: [], ignored: [], missing: [] },
  };
}

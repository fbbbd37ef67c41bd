import type { AuditEntry } from '../audit/audit-entry';
import type { EndedImport } from './data-imports.repository';
import type { DataImport } from './entities/data-import.entity';
import type { ImportJob } from './import-job';

/** The problem code of a job whose server stopped before it ended. */
export const JOB_INTERRUPTED = 'import_interrupted';

/** The audit entry of a job's outcome (or of the earlier import it replayed). */
export function jobOutcomeAuditEntry(
  job: ImportJob,
  report: DataImport,
  replayed: boolean,
): AuditEntry {
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

/** The audit entry of a job ended as interrupted (by any instance, outside its request). */
export function jobInterruptedAuditEntry(row: EndedImport): AuditEntry {
  return {
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
      error: JOB_INTERRUPTED,
      job: true,
    },
    request: null,
  };
}

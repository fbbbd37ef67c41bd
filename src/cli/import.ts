import 'reflect-metadata';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { AuditLogRepository } from '../audit/audit-log.repository';
import { AuditService } from '../audit/audit.service';
import { AuditLog } from '../audit/entities/audit-log.entity';
import { loadProcessConfig } from '../config/load-process-config';
import { toImportReport } from '../import-export/dto/to-import-report';
import { describeError } from '../common/errors/describe-error';
import { DomainError } from '../common/errors/domain-error';
import { StudentImporter } from '../import-export/student-importer';
import { uploadImportSource } from '../import-export/xlsx/upload-import-source';
import type { DataSource, EntityManager } from 'typeorm';
import type { ImportLimits } from '../config/app-config';
import type { ImportReportDto } from '../import-export/dto/import-report.dto';
import type { UnknownColumns } from '../import-export/header-mapping';
import type { ImportMode, ImportOutcome } from '../import-export/student-import.types';
import { withDataSource } from './cli-database';
import { ImportProgressBars } from './import-progress-bars';

const USAGE = `Usage: npm run import -- <file.csv|file.xlsx> [--mode atomic|partial] [--dry-run] [--idempotency-key <key>]
                          [--unknown-columns ignore|error]

Imports students from a CSV file, or from the first worksheet of an XLSX workbook (the data set's own
columns, with optional Student_ID, First_Name,
Last_Name, Age and Email) into DATABASE_URL, or the embedded database when it is unset. Columns it
does not know are skipped with a warning (--unknown-columns error refuses the file instead). Progress
goes to stderr, the report (JSON) to stdout. Exit status: 0 imported, 1 rejected (nothing written),
2 error.`;

/** Where the command's audit entries say they came from. */
const CLI_CONTEXT = { user_agent: 'npm run import' };

interface ImportOptions {
  path: string;
  mode: ImportMode;
  dryRun: boolean;
  idempotencyKey: string | null;
  unknownColumns: UnknownColumns;
}

/** The command's options, or the exit status when there is nothing to import. */
function parseOptions(): ImportOptions | number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      mode: { type: 'string', default: 'atomic' },
      'dry-run': { type: 'boolean', default: false },
      'idempotency-key': { type: 'string' },
      'unknown-columns': { type: 'string', default: 'ignore' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const mode = values.mode;
  if (mode !== 'atomic' && mode !== 'partial') {
    console.error(`--mode must be atomic or partial (got "${mode}")`);
    return 2;
  }
  const unknownColumns = values['unknown-columns'];
  if (unknownColumns !== 'ignore' && unknownColumns !== 'error') {
    console.error(`--unknown-columns must be ignore or error (got "${unknownColumns}")`);
    return 2;
  }
  return {
    path: positionals[0],
    mode,
    dryRun: values['dry-run'],
    idempotencyKey: values['idempotency-key'] ?? null,
    unknownColumns,
  };
}

/** The import on `dataSource`, audited as the API audits one (without a user). */
async function importOn(
  dataSource: DataSource,
  options: ImportOptions & { size: number },
  limits: ImportLimits,
  bar: ImportProgressBars,
): Promise<ImportOutcome> {
  // Outside the Nest container: the audit service on its repository over this data source,
  // or over a transaction's EntityManager to write in that transaction.
  const auditIn = (manager: EntityManager) =>
    new AuditService(new AuditLogRepository(manager.getRepository(AuditLog)));
  const audit = auditIn(dataSource.manager);
  const { path, size, mode } = options;
  const result = await new StudentImporter(dataSource, limits).run(
    await uploadImportSource({ originalname: basename(path), path, size }, limits),
    {
      mode,
      dryRun: options.dryRun,
      idempotencyKey: options.idempotencyKey,
      actorId: null,
      unknownColumns: options.unknownColumns,
    },
    {
      onProgress: (progress) => bar.update(progress),
      // No transaction host here: the audit row goes through a service built on the
      // importer's transaction, so it commits or rolls back with the import.
      beforeCommit: (report, transaction) =>
        auditIn(transaction).record({
          action: 'data.import',
          target_type: 'data_import',
          target_id: report.id,
          details: { file_name: report.fileName, mode, inserted: report.inserted },
          request: CLI_CONTEXT,
        }),
    },
  );
  const wrote = result.report.status === 'completed' && !result.report.dryRun;
  if (result.replayed || !wrote) {
    await audit.recordSafely({
      action: 'data.import',
      target_type: 'data_import',
      target_id: result.report.id,
      outcome: result.report.status === 'completed' ? 'success' : 'failure',
      details: { file_name: result.report.fileName, mode, replayed: result.replayed },
      request: CLI_CONTEXT,
    });
  }
  return result;
}

/** The first 20 warnings and problems, and how many more problems the report has. */
function printProblems(report: ImportReportDto): void {
  const where = (p: { row: number; column: string | null }) =>
    `row ${p.row}${p.column ? `, ${p.column}` : ''}`;
  for (const warning of report.warnings.slice(0, 20)) {
    console.error(`  warning, ${where(warning)}: ${warning.message}`);
  }
  for (const problem of report.errors.slice(0, 20)) {
    console.error(`  ${where(problem)}: ${problem.message}`);
  }
  if (report.errors_truncated || report.errors.length > 20) {
    console.error(
      `  … ${report.error_count - Math.min(20, report.errors.length)} more in the report.`,
    );
  }
}

/** The report as JSON on stdout, a summary of it on stderr. */
function printReport(report: ImportReportDto, started: number): void {
  console.log(JSON.stringify(report, null, 2));
  const seconds = ((Date.now() - started) / 1000).toFixed(2);
  const what = report.dry_run ? 'Dry run' : report.replayed ? 'Replayed' : 'Import';
  console.error(
    `${what} ${report.status}: ${report.rows_total} rows, ${report.inserted} inserted, ` +
      `${report.updated} updated, ${report.unchanged} unchanged, ${report.skipped} skipped, ` +
      `${report.error_count} problems, in ${seconds} s (import ${report.import_id}).`,
  );
  printProblems(report);
}

/**
 * npm run import -- file.csv: the same import as POST /api/data/import, with the same checks,
 * limits (IMPORT_MAX_*), report in data_imports and audit entry (without a user).
 */
async function main(): Promise<number> {
  const options = parseOptions();
  if (typeof options === 'number') return options;
  const size = statSync(options.path).size;
  const config = loadProcessConfig();
  const bar = new ImportProgressBars(size);
  const started = Date.now();
  try {
    const outcome = await withDataSource(
      (dataSource) => importOn(dataSource, { ...options, size }, config.import, bar),
      { migrationsRun: true },
      config,
    );
    bar.stop();
    const report = toImportReport(outcome.report, outcome.replayed);
    printReport(report, started);
    return report.status === 'completed' ? 0 : 1;
  } catch (error: unknown) {
    bar.stop();
    console.error(`Import failed: ${describeError(error)}`);
    return error instanceof DomainError ? 1 : 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Import failed: ${describeError(error)}`);
    process.exit(2);
  },
);

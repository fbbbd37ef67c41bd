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

/**
 * npm run import -- file.csv: the same import as POST /api/data/import, with the same checks,
 * limits (IMPORT_MAX_*), report in data_imports and audit entry (without a user).
 */
async function main(): Promise<number> {
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
  const path = positionals[0];
  const size = statSync(path).size;
  const config = loadProcessConfig();

  const bar = new ImportProgressBars(size);
  const started = Date.now();
  try {
    const outcome = await withDataSource(
      async (dataSource) => {
        const audit = new AuditService(new AuditLogRepository(dataSource.getRepository(AuditLog)));
        const importer = new StudentImporter(dataSource, config.import);
        const context = { user_agent: 'npm run import' };
        const result = await importer.run(
          await uploadImportSource({ originalname: basename(path), path, size }, config.import),
          {
            mode,
            dryRun: values['dry-run'],
            idempotencyKey: values['idempotency-key'] ?? null,
            actorId: null,
            unknownColumns,
          },
          {
            onProgress: (progress) => bar.update(progress),
            beforeCommit: (report, manager) =>
              audit.record(
                {
                  action: 'data.import',
                  target_type: 'data_import',
                  target_id: report.id,
                  details: { file_name: report.fileName, mode, inserted: report.inserted },
                  request: context,
                },
                manager,
              ),
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
            request: context,
          });
        }
        return result;
      },
      { migrationsRun: true },
      config,
    );
    bar.stop();
    const report = toImportReport(outcome.report, outcome.replayed);
    console.log(JSON.stringify(report, null, 2));
    const seconds = ((Date.now() - started) / 1000).toFixed(2);
    const what = report.dry_run ? 'Dry run' : report.replayed ? 'Replayed' : 'Import';
    console.error(
      `${what} ${report.status}: ${report.rows_total} rows, ${report.inserted} inserted, ` +
        `${report.updated} updated, ${report.unchanged} unchanged, ${report.skipped} skipped, ` +
        `${report.error_count} problems, in ${seconds} s (import ${report.import_id}).`,
    );
    for (const warning of report.warnings.slice(0, 20)) {
      console.error(
        `  warning, row ${warning.row}${warning.column ? `, ${warning.column}` : ''}: ${warning.message}`,
      );
    }
    for (const problem of report.errors.slice(0, 20)) {
      console.error(
        `  row ${problem.row}${problem.column ? `, ${problem.column}` : ''}: ${problem.message}`,
      );
    }
    if (report.errors_truncated || report.errors.length > 20) {
      console.error(
        `  … ${report.error_count - Math.min(20, report.errors.length)} more in the report.`,
      );
    }
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

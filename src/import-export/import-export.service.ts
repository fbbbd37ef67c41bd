import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { AuditEntry } from '../audit/audit-entry';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import type { AppConfig, ImportLimits } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { HeavyWorkLimiter } from '../database/heavy-work-limiter';
import type { ExportQueryDto } from './dto/export-query.dto';
import type { ImportQueryDto } from './dto/import-query.dto';
import type { ImportReportDto } from './dto/import-report.dto';
import { toImportReport } from './dto/to-import-report';
import { DataImportsRepository } from './data-imports.repository';
import { FailedImportRecorder } from './failed-import-recorder';
import { ImportJobs } from './import-jobs';
import {
  IdempotencyKeyReusedError,
  ImportFileMissingError,
  ImportNotFoundError,
  ImportRejectedError,
  ImportTooLargeError,
  InvalidIdempotencyKeyError,
} from './import-export.errors';
import { StudentExporter } from './student-exporter';
import { ImportOutcome, StudentImporter } from './student-importer';
import type { UploadedCsvFile } from './uploaded-csv-file';
import { uploadImportSource } from './xlsx/upload-import-source';
import { XLSX_MEDIA_TYPE } from './xlsx/xlsx-media-type';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const TOO_LARGE_CODES = new Set(['too_many_rows', 'file_too_large']);

export interface StudentExportFile {
  stream: Readable;
  fileName: string;
  contentType: string;
}

const EXPORT_CONTENT_TYPES: Readonly<Record<ExportQueryDto['format'], string>> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xlsx: XLSX_MEDIA_TYPE,
};

const ROW_CODES = new Set([
  'invalid_value',
  'required_value',
  'cell_count',
  'unnamed_cell',
  'duplicate_student_id',
  'duplicate_email',
]);

/** Why an import was refused, in one sentence for the problem's `detail`. */
function rejectionDetail(report: ImportReportDto): string {
  const nothing = report.dry_run ? 'nothing would be imported' : 'nothing was imported';
  const first = report.errors[0];
  if (first && ROW_CODES.has(first.code)) {
    const count = report.error_count;
    return (
      `${count} problem${count === 1 ? '' : 's'} in the rows, so ${nothing} (mode=atomic).` +
      ' Fix them, or import with mode=partial to skip the rows in error.'
    );
  }
  return `${first ? `${first.message} ` : ''}The file was rejected; ${nothing}.`;
}

/**
 * CSV import and CSV/JSON export of students over HTTP: checks the request, runs the importer
 * or exporter, turns refused imports into problems carrying their report, and audits.
 */
@Injectable()
export class ImportExportService {
  private readonly importLimits: ImportLimits;
  private readonly asyncAboveBytes: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly audit: AuditService,
    private readonly failedImports: FailedImportRecorder,
    private readonly limiter: HeavyWorkLimiter,
    private readonly jobs: ImportJobs,
    private readonly imports: DataImportsRepository,
    private readonly importer: StudentImporter,
    private readonly exporter: StudentExporter,
  ) {
    this.importLimits = config.import;
    this.asyncAboveBytes = config.importJobs.asyncAboveBytes;
  }

  /**
   * Imports an uploaded CSV. Returns the report and whether this request created it (201)
   * rather than replaying an earlier one or dry-running (200), or accepted it as a background
   * job (202: with async=true, and always for a file above IMPORT_ASYNC_ABOVE_BYTES). A refused
   * file throws ImportRejectedError (422) or ImportTooLargeError (413) with the report.
   */
  async importStudents(
    caller: AuthenticatedUser,
    file: UploadedCsvFile | undefined,
    query: ImportQueryDto,
    idempotencyKey: string | undefined,
  ): Promise<{ report: ImportReportDto; created: boolean; accepted: boolean }> {
    if (!file) throw new ImportFileMissingError();
    const key = idempotencyKey === undefined ? null : idempotencyKey.trim();
    if (key !== null && !IDEMPOTENCY_KEY.test(key)) throw new InvalidIdempotencyKeyError();
    if (query.async || file.size > this.asyncAboveBytes) {
      return this.submitJob(caller, file, query, key);
    }

    const audited = (outcome: ImportOutcome) => this.auditEntry(caller, outcome);
    let outcome: ImportOutcome;
    // Heavy work: admitted at once or refused with a 429 before any connection is taken.
    const lease = this.limiter.admit('import');
    try {
      outcome = await this.auditKeyReuse(caller, file, query, async () =>
        this.importer.run(
          await uploadImportSource(file, this.importLimits),
          {
            mode: query.mode,
            dryRun: query.dry_run,
            idempotencyKey: key,
            actorId: caller.id,
            unknownColumns: query.unknown_columns,
          },
          {
            begin: async (transaction) => {
              await this.limiter.claimClusterSlot('import', transaction);
            },
            // In the import's own transaction on the heavy pool, the current one there.
            beforeCommit: (report) => this.audit.record(audited({ report, replayed: false })),
            // The failed report and its audit entry, now or once the database answers again.
            recordFailure: (report) =>
              this.failedImports.record(report, audited({ report, replayed: false })),
          },
        ),
      );
    } finally {
      lease.release();
    }
    const committed = outcome.report.status === 'completed' && !outcome.report.dryRun;
    if (outcome.replayed || !committed) await this.audit.recordSafely(audited(outcome));
    return { ...this.answer(outcome), accepted: false };
  }

  /** The stored report; a job whose server stopped is shown (and ended) as interrupted. */
  async getImport(importId: string): Promise<ImportReportDto> {
    const report = await this.imports.findById(importId);
    if (!report) throw new ImportNotFoundError(importId);
    return toImportReport(await this.jobs.current(report));
  }

  /** Accepts the import as a background job (202), or answers a repeated key's job (200). */
  private async submitJob(
    caller: AuthenticatedUser,
    file: UploadedCsvFile,
    query: ImportQueryDto,
    key: string | null,
  ): Promise<{ report: ImportReportDto; created: boolean; accepted: boolean }> {
    const job = await this.auditKeyReuse(caller, file, query, () =>
      this.jobs.submit(caller, file, query, key),
    );
    return { report: job.report, created: false, accepted: job.accepted };
  }

  /** Runs `work`, auditing a refused Idempotency-Key as the import in its request does. */
  private async auditKeyReuse<T>(
    caller: AuthenticatedUser,
    file: UploadedCsvFile,
    query: ImportQueryDto,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (error: unknown) {
      if (error instanceof IdempotencyKeyReusedError) {
        await this.audit.recordSafely({
          actor: { id: caller.id, role: caller.role },
          action: 'data.import',
          outcome: 'failure',
          details: { file_name: file.originalname, mode: query.mode, dry_run: query.dry_run },
        });
      }
      throw error;
    }
  }

  /**
   * Opens a streamed export of the students matching the filters. Bad filters (a min above
   * its max) are a 400, and too many exports at once a 429, before anything is streamed. The
   * export keeps its heavy-work place until its stream closes (ended, or the client left).
   */
  async exportStudents(
    caller: AuthenticatedUser,
    query: ExportQueryDto,
  ): Promise<StudentExportFile> {
    const { format, bom, ...filters } = query;
    const lease = this.limiter.admit('export');
    let opened: Awaited<ReturnType<StudentExporter['open']>>;
    try {
      opened = await this.exporter.open(filters, format, {
        bom: bom === true,
        begin: async (manager) => {
          await this.limiter.claimClusterSlot('export', manager);
        },
      });
    } catch (error: unknown) {
      lease.release();
      throw error;
    }
    opened.stream.once('close', () => lease.release());
    await this.audit.recordSafely({
      actor: { id: caller.id, role: caller.role },
      action: 'data.export',
      target_type: 'student_profiles',
      details: { format, filters: definedOnly(filters) },
    });
    const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    return {
      stream: opened.stream,
      fileName: `students-${stamp}.${format}`,
      contentType: EXPORT_CONTENT_TYPES[format],
    };
  }

  private answer(outcome: ImportOutcome): { report: ImportReportDto; created: boolean } {
    const report = toImportReport(outcome.report, outcome.replayed);
    if (report.status === 'rejected') {
      const extensions = {
        ...report,
        errors: report.errors.map((e) => ({
          ...e,
          field: e.column === null ? `row ${e.row}` : `row ${e.row}, ${e.column}`,
        })),
      };
      const detail = rejectionDetail(report);
      if (report.errors.some((e) => TOO_LARGE_CODES.has(e.code))) {
        throw new ImportTooLargeError(detail, extensions);
      }
      throw new ImportRejectedError(detail, extensions);
    }
    return { report, created: !outcome.replayed && !report.dry_run };
  }

  private auditEntry(caller: AuthenticatedUser, outcome: ImportOutcome): AuditEntry {
    const r = outcome.report;
    return {
      actor: { id: caller.id, role: caller.role },
      action: 'data.import',
      target_type: 'data_import',
      target_id: r.id,
      outcome: r.status === 'completed' ? 'success' : 'failure',
      details: {
        file_name: r.fileName,
        mode: r.mode,
        dry_run: r.dryRun,
        status: r.status,
        replayed: outcome.replayed,
        rows_total: r.rowsTotal,
        inserted: r.inserted,
        updated: r.updated,
        skipped: r.skipped,
        error_count: r.errorCount,
      },
    };
  }
}

function definedOnly(filters: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
}

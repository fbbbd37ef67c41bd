import type { Readable } from 'node:stream';
import type { AuditRequestContext } from '../audit/audit-context';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import type { ImportQueryDto } from './dto/import-query.dto';
import type { DataImport } from './entities/data-import.entity';
import type { ImportProgress, ImportRequest, ImportSource } from './student-import.types';
import type { UploadedCsvFile } from './uploaded-csv-file';

/** One background import on the instance that accepted it, from queued to its end. */
export interface ImportJob {
  id: string;
  file: UploadedCsvFile;
  /** What the importer reads (CSV, or the text of an XLSX workbook's sheet). */
  source: ImportSource;
  sha256: string;
  mode: DataImport['mode'];
  dryRun: boolean;
  unknownColumns: ImportRequest['unknownColumns'];
  caller: AuthenticatedUser;
  /** The submitting request's IP, user agent and id, read when it was accepted. */
  audit: AuditRequestContext;
  progress: ImportProgress | null;
  /** Progress changed since it was last written. */
  dirty: boolean;
  lastWrite: number;
  /** The row is no longer this job's to write (declared interrupted): nothing may commit. */
  lost: boolean;
  /** The outcome is being written: progress writes stop. */
  settling: boolean;
  /** The importer stored the failure (through recordFailure). */
  failureRecorded: boolean;
  /** Not retried before this time after every import place across the service was taken. */
  notBefore: number;
  backendPid: number | null;
  stream: Readable | null;
  done: Promise<void>;
}

/** What a job is accepted with: its stored row's id, the upload and the request. */
export interface ImportJobInput {
  id: string;
  file: UploadedCsvFile;
  source: ImportSource;
  sha256: string;
  query: ImportQueryDto;
  caller: AuthenticatedUser;
  audit: AuditRequestContext;
}

export function newImportJob(input: ImportJobInput): ImportJob {
  const { query, ...rest } = input;
  return {
    ...rest,
    mode: query.mode,
    dryRun: query.dry_run,
    unknownColumns: query.unknown_columns,
    progress: null,
    dirty: false,
    lastWrite: Date.now(),
    lost: false,
    settling: false,
    failureRecorded: false,
    notBefore: 0,
    backendPid: null,
    stream: null,
    done: Promise.resolve(),
  };
}

import type { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import type { DataImport } from './entities/data-import.entity';
import type { UnknownColumns } from './header-mapping';

export type ImportMode = 'atomic' | 'partial';

/** The bytes to import. `open` may be called more than once (hashing, then parsing). */
export interface ImportSource {
  fileName: string;
  size: number;
  /** Hex SHA-256 of the content, when already known (computed while uploading). */
  sha256?: string;
  open(): Readable;
}

export interface ImportRequest {
  mode: ImportMode;
  dryRun: boolean;
  idempotencyKey: string | null;
  /** The importing user; null for the command line. */
  actorId: string | null;
  /** Columns the import does not know: skipped with a warning (default) or refuse the file. */
  unknownColumns?: UnknownColumns;
}

/**
 * The phases of an import, in order: `read` streams and parses the file (bytes of `size`),
 * `check` checks each row (rows so far; it runs with `read`, each chunk of the file reports
 * both), `load` finishes the staged rows (repeated ids and emails, email matches, likely
 * duplicates: rows of the valid rows, at its start and end), `merge` writes them into
 * student_profiles (rows merged, chunk by chunk).
 */
export type ImportPhase = 'read' | 'check' | 'load' | 'merge';

export interface ImportProgress {
  phase: ImportPhase;
  /** Bytes of the file read so far. */
  bytes: number;
  /** Data rows read so far. */
  rows: number;
  /** Units of the phase done (bytes for read, rows otherwise) and their total when known. */
  done: number;
  total: number | null;
}

/**
 * Runs `work` in a transaction of its own on the import's pool, given the transaction's
 * EntityManager: commits when `work` resolves, rolls back when it throws. In the app it runs
 * through the heavy pool's transaction host, so code there joins it as the current transaction
 * (the audit row of `beforeCommit`); the command line runs it on its one data source.
 */
export type ImportTransaction = <T>(work: (transaction: EntityManager) => Promise<T>) => Promise<T>;

/**
 * What callers add to an import. `begin` and `beforeCommit` run inside the import's own
 * transaction, which is also given to them (see ImportTransaction).
 */
export interface ImportHooks {
  /**
   * Runs first inside the import's transaction, before the file is read (e.g. to claim a
   * heavy-work slot). A HeavyWorkLimitError it throws ends the import as not started: nothing
   * is stored or recorded.
   */
  begin?(transaction: EntityManager): Promise<void>;
  /** Called as the import moves through its phases (several times per phase). */
  onProgress?(progress: ImportProgress): void;
  /**
   * Runs inside the transaction of an import that writes, just before it commits (e.g. to
   * write the audit row with the change it describes).
   */
  beforeCommit?(report: DataImport, transaction: EntityManager): Promise<void>;
  /**
   * Stores the report of a failed import (status `failed`, with its error) instead of the
   * importer's own one-shot save, e.g. to retry until the database answers again.
   */
  recordFailure?(report: DataImport): Promise<void>;
}

export interface ImportOutcome {
  /** The stored report; status `completed`, `rejected` or `failed`. */
  report: DataImport;
  /** True when an earlier import's report was returned instead of importing again. */
  replayed: boolean;
}

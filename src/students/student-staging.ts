import type { Writable } from 'node:stream';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  ASSIGN_IDS_SQL,
  COPY_STAGING_SQL,
  CREATE_STAGING_SQL,
  DELETE_DUPLICATE_EMAIL_ROWS_SQL,
  DELETE_DUPLICATE_ROWS_SQL,
  DUPLICATE_EMAIL_ROWS_SQL,
  DUPLICATE_ROWS_SQL,
  INDEX_STAGING_SQL,
  INSERT_SQL,
  likelyDuplicatesSql,
  type LikelyDuplicateChecks,
  MATCH_EMAILS_SQL,
  MERGE_CHUNKS_SQL,
  previewSql,
  SYNC_SEQUENCE_SQL,
  updateSql,
} from './student-staging-sql';
import type { StudentRowField } from './student-row';

/** The unique constraint a merge violates when another transaction created one of its ids. */
export const STUDENT_ID_UNIQUE_CONSTRAINT = 'student_profiles_student_id_key';

/** A later row repeating the student_id of an earlier one. */
export interface StagedDuplicate {
  row_no: number;
  student_id: string;
  first_row: number;
  /** How many such rows there are in all. */
  total: number;
  /** This row has no Student_ID of its own: it took the id of the student with its email. */
  by_email: boolean;
  /** The first row took its id by email. */
  first_by_email: boolean;
}

/** A later row repeating the email of an earlier one where either has no Student_ID. */
export interface StagedDuplicateEmail {
  row_no: number;
  email: string;
  first_row: number;
  total: number;
}

/** A staged row that may well be a student already known (see likelyDuplicatesSql). */
export interface StagedLikelyDuplicate {
  row_no: number;
  kind: 'existing' | 'row' | 'email' | 'shared_email';
  /** The row's own id (given, or taken by email); null for a new row without one. */
  student_id: string | null;
  other_row: number | null;
  other_id: string | null;
  first_name: string | null;
  last_name: string | null;
  age: number | null;
  email: string | null;
  owners: number | null;
  total: number;
}

/** One chunk of the merge (see MERGE_CHUNKS_SQL): counts of the chunks up to it. */
interface MergeChunk {
  last_row: number;
  rows: number;
  rows_with_ids: number;
}

/**
 * Rows merged per statement, so the merge of a large import reports its progress. Measured on
 * 100,000 rows: chunks of 10,000 made the merge about 30 % slower than one statement, chunks of
 * 50,000 were as fast (within the noise), so a large import reports its merge at halfway.
 */
const MERGE_CHUNK_ROWS = 50_000;

/**
 * A bulk write of students (an import) on one connection, inside the caller's transaction:
 * rows are streamed with COPY into a temporary table (dropped at commit), checked for repeated
 * ids and emails, matched to existing students by email where they have no id, then merged
 * into student_profiles by student_id, in chunks of rows: changed profiles are updated and new
 * ones inserted with the same INSERT as StudentsRepository.insert's. Every step is one set-based
 * statement over the staged rows (none per row).
 */
export class StudentStaging {
  constructor(private readonly client: PoolClient) {}

  /**
   * Creates the staging table and opens the COPY into it: write lines in PostgreSQL's text
   * format, `row_no` then the values in STUDENT_ROW_FIELDS order.
   */
  async open(): Promise<Writable> {
    // The planner's estimates for these one-off set-based statements are high enough to JIT
    // compile them, which costs more than it saves: measured on 100,000 rows, the checks of the
    // staged rows took 0.3 to 0.8 s without JIT against 1.3 to 2.2 s with it, the whole import
    // about a quarter less. LOCAL: only for the import's own transaction.
    await this.client.query('SET LOCAL jit = off');
    await this.client.query(CREATE_STAGING_SQL);
    return this.client.query(copyFrom(COPY_STAGING_SQL));
  }

  /** After the COPY: indexes the staged rows by student_id. */
  async loaded(): Promise<void> {
    for (const sql of INDEX_STAGING_SQL) await this.client.query(sql);
  }

  /** The first `limit` rows repeating an earlier row's student_id. */
  async duplicates(limit: number): Promise<StagedDuplicate[]> {
    const { rows } = await this.client.query<StagedDuplicate>(DUPLICATE_ROWS_SQL, [limit]);
    return rows;
  }

  /** Keeps only the first row of each repeated student_id. */
  async dropDuplicates(): Promise<void> {
    await this.client.query(DELETE_DUPLICATE_ROWS_SQL);
  }

  /** The first `limit` rows repeating an earlier row's email where either has no student_id. */
  async duplicateEmails(limit: number): Promise<StagedDuplicateEmail[]> {
    const { rows } = await this.client.query<StagedDuplicateEmail>(DUPLICATE_EMAIL_ROWS_SQL, [
      limit,
    ]);
    return rows;
  }

  /** Drops the rows duplicateEmails finds. */
  async dropDuplicateEmails(): Promise<void> {
    await this.client.query(DELETE_DUPLICATE_EMAIL_ROWS_SQL);
  }

  /**
   * Rows without a student_id take the id of the existing student with their email (case and
   * surrounding spaces ignored), so the merge updates that student. Returns how many did.
   */
  async matchEmails(): Promise<number> {
    return (await this.client.query(MATCH_EMAILS_SQL)).rowCount ?? 0;
  }

  /**
   * The first `limit` likely duplicates (same name and age, or a shared email), by row, of the
   * kinds `checks` names (at least one).
   */
  async likelyDuplicates(
    limit: number,
    checks: LikelyDuplicateChecks,
  ): Promise<StagedLikelyDuplicate[]> {
    const { rows } = await this.client.query<StagedLikelyDuplicate>(likelyDuplicatesSql(checks), [
      limit,
    ]);
    return rows;
  }

  /** What merge would do (`present`: the fields the rows carry), without doing it. */
  async preview(present: ReadonlySet<StudentRowField>) {
    const { rows } = await this.client.query<{ inserted: number; updated: number }>(
      previewSql(present),
    );
    return { inserted: rows[0].inserted, updated: rows[0].updated };
  }

  /**
   * Moves the id sequence past the numbered ids, gives ids written in another case the stored
   * spelling, then, chunk by chunk of MERGE_CHUNK_ROWS rows in row order, updates the profiles
   * the rows change and inserts the new ones (rows without a student_id numbered as they are
   * inserted, in row order), calling `onProgress(rows merged, rows in all)` at the start and after each chunk.
   * A student_id created by another transaction meanwhile is a unique violation of
   * STUDENT_ID_UNIQUE_CONSTRAINT.
   */
  async merge(
    present: ReadonlySet<StudentRowField>,
    onProgress: (done: number, total: number) => void = () => undefined,
  ) {
    await this.client.query(SYNC_SEQUENCE_SQL);
    await this.client.query(ASSIGN_IDS_SQL);
    const update = updateSql(present);
    const { rows: chunks } = await this.client.query<MergeChunk>(MERGE_CHUNKS_SQL, [
      MERGE_CHUNK_ROWS,
    ]);
    const total = chunks.at(-1)?.rows ?? 0;
    let inserted = 0;
    let updated = 0;
    let after = { last_row: 0, rows: 0, rows_with_ids: 0 };
    onProgress(0, total);
    for (const chunk of chunks) {
      const range = [after.last_row, chunk.last_row];
      // A chunk whose rows all lack a Student_ID holds new students only: nothing to update.
      const withIds = chunk.rows_with_ids > after.rows_with_ids;
      if (update !== null && withIds) {
        updated += (await this.client.query(update, range)).rowCount ?? 0;
      }
      inserted += (await this.client.query(INSERT_SQL, range)).rowCount ?? 0;
      after = chunk;
      onProgress(chunk.rows, total);
    }
    return { inserted, updated };
  }
}

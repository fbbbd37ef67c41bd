import type { Writable } from 'node:stream';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  ASSIGN_IDS_SQL,
  COPY_STAGING_SQL,
  CREATE_STAGING_SQL,
  DELETE_DUPLICATE_ROWS_SQL,
  DUPLICATE_ROWS_SQL,
  INDEX_STAGING_SQL,
  INSERT_SQL,
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
}

/**
 * A bulk write of students (an import) on one connection, inside the caller's transaction:
 * rows are streamed with COPY into a temporary table (dropped at commit), checked for repeated
 * ids, then merged into student_profiles by student_id: changed profiles are updated and new
 * ones inserted with the same INSERT as StudentProfileWriter's.
 */
export class StudentStaging {
  constructor(private readonly client: PoolClient) {}

  /**
   * Creates the staging table and opens the COPY into it: write lines in PostgreSQL's text
   * format, `row_no` then the values in STUDENT_ROW_FIELDS order.
   */
  async open(): Promise<Writable> {
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

  /** What merge would do (`present`: the fields the rows carry), without doing it. */
  async preview(present: ReadonlySet<StudentRowField>) {
    const { rows } = await this.client.query<{ inserted: number; updated: number }>(
      previewSql(present),
    );
    return { inserted: rows[0].inserted, updated: rows[0].updated };
  }

  /**
   * Gives rows without a student_id the next generated ids, updates the profiles the rows
   * change and inserts the new ones. A student_id created by another transaction meanwhile is
   * a unique violation of STUDENT_ID_UNIQUE_CONSTRAINT.
   */
  async merge(present: ReadonlySet<StudentRowField>) {
    await this.client.query(SYNC_SEQUENCE_SQL);
    await this.client.query(ASSIGN_IDS_SQL);
    const update = updateSql(present);
    const updated = update === null ? 0 : ((await this.client.query(update)).rowCount ?? 0);
    const inserted = (await this.client.query(INSERT_SQL)).rowCount ?? 0;
    return { inserted, updated };
  }
}

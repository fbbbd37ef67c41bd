import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { SqlParams } from '../common/sql/sql-params';
import { normalizeReturning } from '../database/normalize-returning';
import type { MainTransactionHost } from '../database/transactions';
import { StudentProfile } from './entities/student-profile.entity';
import { studentFilterSql, type StudentFilters } from './student-filters';
import { nextStudentNumber, sameStudentIdSql, syncStudentNumberSequence } from './student-id';
import { INSERT_STUDENT_ROWS_SQL, studentRowColumns } from './student-insert-sql';
import type { StudentRow } from './student-row';
import type { StudentOrderBy } from './student-sort';
import { ACCOUNTS } from '../users/accounts-sql';

/** Which profile to read: by id whatever the case, and, for a student, only their own. */
export interface ProfileScope {
  studentId: string;
  /** Set for a student caller: the profile must be linked to this account. */
  ownerId?: string;
}

/** A profile by id, whatever the case (the unique lower(student_id) index finds it as fast). */
const PROFILE_BY_ID_SQL = `SELECT * FROM student_profiles WHERE ${sameStudentIdSql('student_id', '$1')}`;

/**
 * The one SQL text of a profile by id, for any profile or only the caller's own, with its
 * statement name: run as a named prepared statement on the pool for plain reads, and as the
 * same text in the current transaction (FOR UPDATE when locked).
 */
export const PROFILE_BY_ID = {
  any: { name: 'student_profile_by_id', text: PROFILE_BY_ID_SQL },
  own: { name: 'own_student_profile_by_id', text: `${PROFILE_BY_ID_SQL} AND user_id = $2` },
} as const;

/** The pool's own query method, which takes a named (prepared) statement. */
interface PreparingPool {
  query(config: {
    name: string;
    text: string;
    values: unknown[];
  }): Promise<{ rows: Record<string, unknown>[] }>;
}

/** Serialises concurrent seeders (two instances starting on one empty database). */
const SEED_LOCK_KEY = 726_353_001;

/** The one page of a list: the rows in order and how many match in all. */
export interface ProfilePage {
  rows: StudentProfile[];
  total: number;
}

/**
 * The students module's only access to `student_profiles`, in the current transaction (or on
 * the pool outside any): profiles by id with ownership in the query, the filtered list, the
 * set-based INSERT of new rows, changes, links to accounts and deletion.
 */
@Injectable()
export class StudentsRepository {
  private profileColumns: { column: string; property: string }[] | undefined;
  private preparingPool: PreparingPool | undefined;

  constructor(@InjectTransactionHost() private readonly txHost: MainTransactionHost) {}

  /**
   * The profile in `scope`, or null. Outside a transaction and unlocked it is a prepared
   * statement on the pool (the hot read of GET /students/{id}); else the same text runs in the
   * current transaction, `FOR UPDATE` when `lock`.
   */
  async findById(scope: ProfileScope, lock = false): Promise<StudentProfile | null> {
    const statement = scope.ownerId === undefined ? PROFILE_BY_ID.any : PROFILE_BY_ID.own;
    const values =
      scope.ownerId === undefined ? [scope.studentId] : [scope.studentId, scope.ownerId];
    let rows: Record<string, unknown>[];
    if (!lock && !this.txHost.isTransactionActive()) {
      ({ rows } = await this.pool().query({ ...statement, values }));
    } else {
      const text = lock ? `${statement.text} FOR UPDATE` : statement.text;
      rows = await this.txHost.tx.query<Record<string, unknown>[]>(text, values);
    }
    return rows.length > 0 ? this.toProfile(rows[0]) : null;
  }

  /** The profile by its row id, which must exist (e.g. just written). */
  findByRowId(id: string): Promise<StudentProfile> {
    return this.profiles().findOneByOrFail({ id });
  }

  /** The profile linked to the account `userId`, or null. */
  findByUserId(userId: string): Promise<StudentProfile | null> {
    return this.profiles().findOneBy({ userId });
  }

  /** One page of the profiles matching `filters`, in `order`, with the number that match. */
  async page(
    filters: StudentFilters,
    order: readonly StudentOrderBy[],
    offset: number,
    limit: number,
  ): Promise<ProfilePage> {
    const params = new SqlParams();
    const conditions = studentFilterSql(filters, 's', params);
    const where =
      conditions.length > 0 ? ` WHERE ${conditions.map((c) => `(${c})`).join(' AND ')}` : '';
    const tx = this.txHost.tx;
    const counted = await tx.query<{ total: number }[]>(
      `SELECT COUNT(*)::int AS total FROM student_profiles s${where}`,
      params.values,
    );
    const orderBy = order
      .map((t) => `${t.expression} ${t.direction}${t.nulls ? ` ${t.nulls}` : ''}`)
      .join(', ');
    const rows = await tx.query<Record<string, unknown>[]>(
      `SELECT s.* FROM student_profiles s${where} ORDER BY ${orderBy}` +
        ` OFFSET ${params.add(offset)} LIMIT ${params.add(limit)}`,
      params.values,
    );
    return { rows: rows.map((row) => this.toProfile(row)), total: counted[0].total };
  }

  /**
   * Inserts the rows whose student_id is free, with one set-based INSERT whatever their number
   * (a taken id inserts nothing), and returns the inserted ones.
   */
  async insert(rows: readonly StudentRow[]): Promise<{ id: string; student_id: string }[]> {
    if (rows.length === 0) return [];
    return this.txHost.tx.query<{ id: string; student_id: string }[]>(
      INSERT_STUDENT_ROWS_SQL,
      studentRowColumns(rows),
    );
  }

  /** The next generated student number (never handed out twice). */
  nextStudentNumber(): Promise<number> {
    return nextStudentNumber(this.txHost.tx);
  }

  /** Moves the numbering past ids given explicitly (see syncStudentNumberSequence). */
  syncStudentNumbers(): Promise<void> {
    return syncStudentNumberSequence(this.txHost.tx);
  }

  async update(id: string, set: Partial<StudentProfile>): Promise<void> {
    await this.profiles().update({ id }, set);
  }

  /** Deletes the profile; its history and everything attached go by foreign-key cascade. */
  async delete(id: string): Promise<void> {
    await this.profiles().delete({ id });
  }

  /**
   * Links `user` to the oldest unlinked profile with its email that administrators left to
   * automatic linking, unless the account is linked already; returns its student_id, or null.
   * In a savepoint, so that losing a race on the unique user_id leaves the caller's
   * transaction usable.
   */
  async linkByEmail(userId: string, email: string): Promise<string | null> {
    const tx = this.txHost.tx;
    await tx.query('SAVEPOINT student_auto_link');
    let result: unknown;
    try {
      result = await tx.query(
        `UPDATE student_profiles SET user_id = $1, updated_at = now()
          WHERE id = (SELECT id FROM student_profiles
                       WHERE lower(email) = lower($2) AND user_id IS NULL AND auto_link
                       ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
            AND NOT EXISTS (SELECT 1 FROM student_profiles WHERE user_id = $1)
          RETURNING student_id`,
        [userId, email],
      );
      await tx.query('RELEASE SAVEPOINT student_auto_link');
    } catch (error: unknown) {
      // A concurrent link of the same user (unique user_id) is harmless: the other one won.
      if ((error as { code?: string }).code !== '23505') throw error;
      await tx.query('ROLLBACK TO SAVEPOINT student_auto_link');
      return null;
    }
    return normalizeReturning<{ student_id: string }>(result)[0]?.student_id ?? null;
  }

  /**
   * Links the student account with `email` to the profile `studentId` when neither is linked
   * yet and no administrator unlinked the profile (the demo accounts); returns the link made.
   */
  async linkSeedAccount(
    studentId: string,
    email: string,
  ): Promise<{ student_id: string; user_id: string }[]> {
    const result: unknown = await this.txHost.tx.query(
      `UPDATE student_profiles p SET user_id = u.id, email = u.email, updated_at = now()
         FROM ${ACCOUNTS} u
        WHERE p.student_id = $1 AND p.user_id IS NULL AND p.auto_link
          AND u.email = $2 AND u.role = 'student'
          AND NOT EXISTS (SELECT 1 FROM student_profiles o WHERE o.user_id = u.id)
        RETURNING p.student_id, p.user_id`,
      [studentId, email],
    );
    return normalizeReturning<{ student_id: string; user_id: string }>(result);
  }

  /** The student_id of each of `userIds` that is linked to a profile. */
  async studentIdsOf(userIds: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.txHost.tx.query<{ user_id: string; student_id: string }[]>(
      'SELECT user_id, student_id FROM student_profiles WHERE user_id = ANY($1::uuid[])',
      [userIds],
    );
    return new Map(rows.map((row) => [row.user_id, row.student_id]));
  }

  async any(): Promise<boolean> {
    const rows = await this.txHost.tx.query<unknown[]>('SELECT 1 FROM student_profiles LIMIT 1');
    return rows.length > 0;
  }

  /** Waits for any other seeder's transaction to end (held until the current one ends). */
  async lockForSeeding(): Promise<void> {
    await this.txHost.tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
  }

  /** The pg pool itself: TypeORM's query() does not take a named (prepared) statement. */
  private pool(): PreparingPool {
    this.preparingPool ??= (this.txHost.tx.connection.driver as PostgresDriver)
      .master as PreparingPool;
    return this.preparingPool;
  }

  private profiles() {
    return this.txHost.tx.getRepository(StudentProfile);
  }

  /** A row of `SELECT *` as the entity, by its column metadata (no relation is loaded). */
  private toProfile(row: Record<string, unknown>): StudentProfile {
    this.profileColumns ??= this.txHost.tx.connection
      .getMetadata(StudentProfile)
      .columns.map((c) => ({ column: c.databaseName, property: c.propertyName }));
    const profile = new StudentProfile() as unknown as Record<string, unknown>;
    for (const { column, property } of this.profileColumns) profile[property] = row[column];
    return profile as unknown as StudentProfile;
  }
}

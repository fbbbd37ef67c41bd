import { InjectTransactionHost, Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import type { Precondition } from '../common/http/precondition';
import { Page, toPage } from '../common/pagination/page';
import type { MainTransactionHost } from '../database/transactions';
import { CreateStudentDto } from './dto/create-student.dto';
import { ListStudentsQueryDto } from './dto/list-students-query.dto';
import { UpdateStudentDto } from './dto/update-student.dto';
import { StudentProfile } from './entities/student-profile.entity';
import {
  applyChange,
  FIELD_PROPERTY,
  splitFields,
  WRITABLE_FIELDS,
  type WritableField,
} from './student-fields';
import { applyStudentFilters } from './student-filters';
import { formatStudentId, nextStudentNumber, syncStudentNumberSequence } from './student-id';
import { StudentProfileWriter } from './student-profile-writer';
import type { StudentRow, StudentRowValue } from './student-row';
import { studentOrderBy } from './student-sort';
import {
  AcademicFieldsForbiddenError,
  StudentIdTakenError,
  StudentNotFoundError,
} from './students.errors';

const ID_ATTEMPTS = 5;

/**
 * One profile by id, as scopedProfileQuery finds it (staff: any; a student: only their own),
 * for the plain reads: prepared once per connection (named statements), rows mapped to the
 * entity by its column metadata, without the query builder.
 */
const PROFILE_BY_ID = {
  staff: {
    name: 'student_profile_by_id',
    text: 'SELECT * FROM student_profiles WHERE lower(student_id) = lower($1)',
  },
  student: {
    name: 'own_student_profile_by_id',
    text: 'SELECT * FROM student_profiles WHERE lower(student_id) = lower($1) AND user_id = $2',
  },
} as const;

/**
 * Student profiles: the list, reads with ownership in the query, creation with generated ids,
 * partial updates with the personal/academic split, deletion. Every change writes an audit row
 * in the same transaction.
 */
@Injectable()
export class StudentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly writer: StudentProfileWriter,
    @InjectTransactionHost() private readonly txHost: MainTransactionHost,
  ) {}

  private profileColumns: { column: string; property: string }[] | undefined;

  /**
   * A query for one profile as `caller` may see it: staff see every profile, a student only the
   * one linked to their account (another student's id finds nothing, exactly like an unknown id).
   */
  scopedProfileQuery(
    caller: AuthenticatedUser,
    studentId: string,
    manager: EntityManager = this.dataSource.manager,
  ): SelectQueryBuilder<StudentProfile> {
    const qb = manager
      .getRepository(StudentProfile)
      .createQueryBuilder('s')
      // Whatever the case (the unique lower(student_id) index finds it as fast as the id).
      .where('lower(s.student_id) = lower(:studentId)', { studentId });
    switch (caller.role) {
      case 'student':
        qb.andWhere('s.user_id = :callerId', { callerId: caller.id });
        break;
      case 'teacher':
      case 'administrator':
        break;
    }
    return qb;
  }

  /**
   * The profile `studentId` if `caller` may see it, else StudentNotFoundError (404). Other
   * modules (predictions, recommendations) use this for "as GET profile" access. Read on the
   * pool, unless locked (in the current transaction) or read in the given `manager` (callers
   * that run their own transaction).
   */
  async findAccessible(
    caller: AuthenticatedUser,
    studentId: string,
    options: { manager?: EntityManager; lock?: boolean } = {},
  ): Promise<StudentProfile> {
    if (!options.manager && !options.lock) return this.readAccessible(caller, studentId);
    const qb = this.scopedProfileQuery(caller, studentId, options.manager ?? this.txHost.tx);
    if (options.lock) qb.setLock('pessimistic_write');
    const profile = await qb.getOne();
    if (!profile) throw new StudentNotFoundError(studentId);
    return profile;
  }

  /**
   * findAccessible outside a transaction: the same rows as scopedProfileQuery, by a prepared
   * statement on the pool, mapped to the entity (every column; no relation is loaded, as with
   * the query builder).
   */
  private async readAccessible(
    caller: AuthenticatedUser,
    studentId: string,
  ): Promise<StudentProfile> {
    const pool = (this.dataSource.driver as PostgresDriver).master as {
      query(config: {
        name: string;
        text: string;
        values: unknown[];
      }): Promise<{ rows: Record<string, unknown>[] }>;
    };
    let statement: { name: string; text: string };
    let values: unknown[];
    switch (caller.role) {
      case 'student':
        statement = PROFILE_BY_ID.student;
        values = [studentId, caller.id];
        break;
      case 'teacher':
      case 'administrator':
        statement = PROFILE_BY_ID.staff;
        values = [studentId];
        break;
    }
    const { rows } = await pool.query({ ...statement, values });
    if (rows.length === 0) throw new StudentNotFoundError(studentId);
    return this.toProfile(rows[0]);
  }

  private toProfile(row: Record<string, unknown>): StudentProfile {
    this.profileColumns ??= this.dataSource
      .getMetadata(StudentProfile)
      .columns.map((c) => ({ column: c.databaseName, property: c.propertyName }));
    const profile = new StudentProfile() as unknown as Record<string, unknown>;
    for (const { column, property } of this.profileColumns) profile[property] = row[column];
    return profile as unknown as StudentProfile;
  }

  /** The profile linked to the calling user (`GET /students/me`). */
  async findOwn(caller: AuthenticatedUser): Promise<StudentProfile> {
    const profile = await this.dataSource
      .getRepository(StudentProfile)
      .findOneBy({ userId: caller.id });
    if (!profile) throw new StudentNotFoundError('linked to this account');
    return profile;
  }

  async list(query: ListStudentsQueryDto): Promise<Page<StudentProfile>> {
    const qb = this.dataSource.getRepository(StudentProfile).createQueryBuilder('s');
    applyStudentFilters(qb, query);
    const order = studentOrderBy(query.sort, 's');
    const countRow = await qb
      .clone()
      .select('COUNT(*)::int', 'total')
      .getRawOne<{ total: number }>();
    order.forEach((term, i) => {
      if (i === 0) qb.orderBy(term.expression, term.direction, term.nulls);
      else qb.addOrderBy(term.expression, term.direction, term.nulls);
    });
    const rows = await qb
      .offset((query.page - 1) * query.per_page)
      .limit(query.per_page)
      .getMany();
    return toPage(rows, countRow?.total ?? 0, query.page, query.per_page);
  }

  @Transactional()
  async create(caller: AuthenticatedUser, dto: CreateStudentDto): Promise<StudentProfile> {
    const profile = await this.insertProfile(this.txHost.tx, dto);
    await this.audit.record({
      actor: { id: caller.id, role: caller.role },
      action: 'student.created',
      target_type: 'student',
      target_id: profile.studentId,
      details: { id_generated: dto.student_id === undefined },
    });
    return profile;
  }

  /**
   * Inserts a profile under `givenId`, or under the next free generated id. A given id in use
   * is a 409; a generated one that collides with an explicitly given id moves the sequence
   * past the table's highest id and tries again.
   */
  private async insertProfile(
    manager: EntityManager,
    dto: CreateStudentDto,
  ): Promise<StudentProfile> {
    const givenId = dto.student_id;
    for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
      const studentId = givenId ?? formatStudentId(await nextStudentNumber(manager));
      const [inserted] = await this.writer.insert(manager, [
        { ...newStudentRow(dto), student_id: studentId },
      ]);
      if (inserted) return manager.findOneByOrFail(StudentProfile, { id: inserted.id });
      if (givenId !== undefined) throw new StudentIdTakenError(givenId);
      await syncStudentNumberSequence(manager);
    }
    throw new Error('Could not allocate a free student id');
  }

  /**
   * Partial update (PUT and PATCH). Students reach only their own profile and may change only
   * first_name, last_name and email: any academic field is a 403 and nothing changes.
   * `precondition` (If-Match) is checked on the profile as locked for the write.
   */
  @Transactional()
  async update(
    caller: AuthenticatedUser,
    studentId: string,
    dto: UpdateStudentDto,
    precondition?: Precondition<StudentProfile>,
  ): Promise<StudentProfile> {
    const manager = this.txHost.tx;
    const profile = await this.findAccessible(caller, studentId, { lock: true });
    precondition?.(profile);
    const { academic } = splitFields(dto);
    if (caller.role === 'student' && academic.length > 0) {
      throw new AcademicFieldsForbiddenError(academic);
    }
    const changed = applyChange(profile, dto);
    if (changed.length === 0) return profile;
    const set: Partial<StudentProfile> = {};
    for (const field of changed) {
      const property = FIELD_PROPERTY[field];
      (set as Record<string, unknown>)[property] = profile[property];
    }
    await manager.update(StudentProfile, { id: profile.id }, set);
    await this.audit.record({
      actor: { id: caller.id, role: caller.role },
      action: 'student.updated',
      target_type: 'student',
      target_id: profile.studentId,
      details: { fields: changed },
    });
    return manager.findOneByOrFail(StudentProfile, { id: profile.id });
  }

  /**
   * Deletes a profile and, by cascade, its history, predictions, alerts and interventions;
   * `precondition` (If-Match) is checked on the profile as locked for the delete.
   */
  @Transactional()
  async remove(
    caller: AuthenticatedUser,
    studentId: string,
    precondition?: Precondition<StudentProfile>,
  ): Promise<void> {
    const profile = await this.findAccessible(caller, studentId, { lock: true });
    precondition?.(profile);
    await this.txHost.tx.delete(StudentProfile, { id: profile.id });
    await this.audit.record({
      actor: { id: caller.id, role: caller.role },
      action: 'student.deleted',
      target_type: 'student',
      target_id: profile.studentId,
    });
  }
}

/** The row of a new profile (absent nullable fields become null). */
function newStudentRow(dto: CreateStudentDto): Omit<StudentRow, 'student_id'> {
  const row: Partial<Record<WritableField, StudentRowValue>> = {};
  for (const field of WRITABLE_FIELDS) row[field] = dto[field] ?? null;
  return row as Omit<StudentRow, 'student_id'>;
}

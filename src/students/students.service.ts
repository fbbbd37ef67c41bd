import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import type { Precondition } from '../common/http/precondition';
import { Page, toPage } from '../common/pagination/page';
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
import { formatStudentId } from './student-id';
import type { StudentRow, StudentRowValue } from './student-row';
import { studentOrderBy } from './student-sort';
import {
  AcademicFieldsForbiddenError,
  StudentIdTakenError,
  StudentNotFoundError,
} from './students.errors';
import { type ProfileScope, StudentsRepository } from './students.repository';

const ID_ATTEMPTS = 5;

/**
 * Student profiles: the list, reads with ownership in the query, creation with generated ids,
 * partial updates with the personal/academic split, deletion. Every change writes an audit row
 * in the same transaction.
 */
@Injectable()
export class StudentsService {
  constructor(
    private readonly profiles: StudentsRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * The profile `studentId` if `caller` may see it, else StudentNotFoundError (404): staff see
   * every profile, a student only the one linked to their account (another student's id finds
   * nothing, exactly like an unknown id). Other modules (predictions, recommendations) use this
   * for "as GET profile" access. Read in the current transaction if there is one (`lock`: FOR
   * UPDATE, which needs one), else on the pool.
   */
  async findAccessible(
    caller: AuthenticatedUser,
    studentId: string,
    options: { lock?: boolean } = {},
  ): Promise<StudentProfile> {
    const profile = await this.profiles.findById(scopeOf(caller, studentId), options.lock);
    if (!profile) throw new StudentNotFoundError(studentId);
    return profile;
  }

  /** The profile linked to the calling user (`GET /students/me`). */
  async findOwn(caller: AuthenticatedUser): Promise<StudentProfile> {
    const profile = await this.profiles.findByUserId(caller.id);
    if (!profile) throw new StudentNotFoundError('linked to this account');
    return profile;
  }

  async list(query: ListStudentsQueryDto): Promise<Page<StudentProfile>> {
    const { rows, total } = await this.profiles.page(
      query,
      studentOrderBy(query.sort, 's'),
      (query.page - 1) * query.per_page,
      query.per_page,
    );
    return toPage(rows, total, query.page, query.per_page);
  }

  @Transactional()
  async create(caller: AuthenticatedUser, dto: CreateStudentDto): Promise<StudentProfile> {
    const profile = await this.insertProfile(dto);
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
  private async insertProfile(dto: CreateStudentDto): Promise<StudentProfile> {
    const givenId = dto.student_id;
    for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
      const studentId = givenId ?? formatStudentId(await this.profiles.nextStudentNumber());
      const [inserted] = await this.profiles.insert([
        { ...newStudentRow(dto), student_id: studentId },
      ]);
      if (inserted) return this.profiles.findByRowId(inserted.id);
      if (givenId !== undefined) throw new StudentIdTakenError(givenId);
      await this.profiles.syncStudentNumbers();
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
    await this.profiles.update(profile.id, set);
    await this.audit.record({
      actor: { id: caller.id, role: caller.role },
      action: 'student.updated',
      target_type: 'student',
      target_id: profile.studentId,
      details: { fields: changed },
    });
    return this.profiles.findByRowId(profile.id);
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
    await this.profiles.delete(profile.id);
    await this.audit.record({
      actor: { id: caller.id, role: caller.role },
      action: 'student.deleted',
      target_type: 'student',
      target_id: profile.studentId,
    });
  }
}

/** Which profile `caller` may read under `studentId`: any for staff, their own for a student. */
function scopeOf(caller: AuthenticatedUser, studentId: string): ProfileScope {
  switch (caller.role) {
    case 'student':
      return { studentId, ownerId: caller.id };
    case 'teacher':
    case 'administrator':
      return { studentId };
  }
}

/** The row of a new profile (absent nullable fields become null). */
function newStudentRow(dto: CreateStudentDto): Omit<StudentRow, 'student_id'> {
  const row: Partial<Record<WritableField, StudentRowValue>> = {};
  for (const field of WRITABLE_FIELDS) row[field] = dto[field] ?? null;
  return row as Omit<StudentRow, 'student_id'>;
}

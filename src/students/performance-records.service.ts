import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import { Page, toPage } from '../common/pagination/page';
import { CreatePerformanceRecordDto } from './dto/create-performance-record.dto';
import { ListPerformanceRecordsQueryDto } from './dto/list-performance-records-query.dto';
import { PerformanceRecord } from './entities/performance-record.entity';
import { StudentProfile } from './entities/student-profile.entity';
import { PerformanceRecordsRepository } from './performance-records.repository';
import { applyChange, WritableField, FIELD_PROPERTY } from './student-fields';
import { StudentsService } from './students.service';
import { PerformanceRecordNotFoundError } from './students.errors';
import { StudentsRepository } from './students.repository';

/** The record fields that are also current values of the profile. */
const PROFILE_FIELDS = ['exam_score', 'attendance', 'hours_studied', 'previous_scores'] as const;

/** A student's performance history (feeds the trends in analytics). */
@Injectable()
export class PerformanceRecordsService {
  constructor(
    private readonly records: PerformanceRecordsRepository,
    private readonly profiles: StudentsRepository,
    private readonly students: StudentsService,
    private readonly audit: AuditService,
  ) {}

  async list(
    caller: AuthenticatedUser,
    studentId: string,
    query: ListPerformanceRecordsQueryDto,
  ): Promise<{ profile: StudentProfile; page: Page<PerformanceRecord> }> {
    const profile = await this.students.findAccessible(caller, studentId);
    const direction = query.sort === 'recorded_at' ? 'ASC' : 'DESC';
    const { rows, total } = await this.records.page(
      profile.id,
      direction,
      (query.page - 1) * query.per_page,
      query.per_page,
    );
    return { profile, page: toPage(rows, total, query.page, query.per_page) };
  }

  async get(
    caller: AuthenticatedUser,
    studentId: string,
    recordId: string,
  ): Promise<{ profile: StudentProfile; record: PerformanceRecord }> {
    const profile = await this.students.findAccessible(caller, studentId);
    const record = await this.records.findOne(profile.id, recordId);
    if (!record) throw new PerformanceRecordNotFoundError(recordId);
    return { profile, record };
  }

  /**
   * Adds a record. With `updateProfile` (the default) its scores become the profile's current
   * values, in the same transaction, unless a later record already exists (a late entry of an
   * old result does not overwrite newer values).
   */
  @Transactional()
  async create(
    caller: AuthenticatedUser,
    studentId: string,
    dto: CreatePerformanceRecordDto,
    updateProfile: boolean,
  ): Promise<{
    profile: StudentProfile;
    record: PerformanceRecord;
    profileUpdated: WritableField[];
  }> {
    const profile = await this.students.findAccessible(caller, studentId, { lock: true });
    const recordedAt = dto.recorded_at ? new Date(dto.recorded_at) : new Date();
    const recordId = await this.records.insert({
      studentProfileId: profile.id,
      recordedAt,
      term: dto.term ?? null,
      examScore: dto.exam_score,
      attendance: dto.attendance ?? null,
      hoursStudied: dto.hours_studied ?? null,
      previousScores: dto.previous_scores ?? null,
      notes: dto.notes ?? null,
      createdBy: caller.id,
    });
    const profileUpdated = updateProfile
      ? await this.updateCurrentValues(profile, recordedAt, dto)
      : [];
    await this.audit.record({
      actor: { id: caller.id, role: caller.role },
      action: 'student.performance_record_created',
      target_type: 'student',
      target_id: profile.studentId,
      details: { record_id: recordId, profile_fields_updated: profileUpdated },
    });
    const record = await this.records.findById(recordId);
    return { profile, record, profileUpdated };
  }

  /**
   * The record's scores become the profile's current values, unless a later record exists;
   * returns the fields that changed.
   */
  private async updateCurrentValues(
    profile: StudentProfile,
    recordedAt: Date,
    dto: CreatePerformanceRecordDto,
  ): Promise<WritableField[]> {
    if (await this.records.existsAfter(profile.id, recordedAt)) return [];
    const change: Partial<Record<WritableField, unknown>> = {};
    for (const field of PROFILE_FIELDS) {
      const value = dto[field];
      if (value !== undefined && value !== null) change[field] = value;
    }
    const updated = applyChange(profile, change);
    if (updated.length > 0) {
      const set: Record<string, unknown> = {};
      for (const field of updated) {
        set[FIELD_PROPERTY[field]] = profile[FIELD_PROPERTY[field]];
      }
      await this.profiles.update(profile.id, set);
    }
    return updated;
  }
}

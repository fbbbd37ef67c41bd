import { Injectable } from '@nestjs/common';
import { PerformanceRecord } from './entities/performance-record.entity';
import { PerformanceRecordsRepository } from './performance-records.repository';
import { StudentsRepository } from './students.repository';

/**
 * What the students module holds about one student, for the privacy export and erasure, read
 * and changed in the current transaction.
 */
@Injectable()
export class StudentsPrivacyService {
  constructor(
    private readonly profiles: StudentsRepository,
    private readonly records: PerformanceRecordsRepository,
  ) {}

  /** The student's performance history, newest first. */
  performanceRecords(studentProfileId: string): Promise<PerformanceRecord[]> {
    return this.records.newestFirst(studentProfileId);
  }

  countPerformanceRecords(studentProfileId: string): Promise<number> {
    return this.records.count(studentProfileId);
  }

  /**
   * Deletes the profile; everything attached to it (history, predictions, recommendations,
   * alerts, interventions) goes with it by foreign-key cascade.
   */
  async deleteProfile(studentProfileId: string): Promise<void> {
    await this.profiles.delete(studentProfileId);
  }
}

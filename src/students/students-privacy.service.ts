import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { MainTransactionHost } from '../database/transactions';
import { PerformanceRecord } from './entities/performance-record.entity';
import { StudentProfile } from './entities/student-profile.entity';

/**
 * What the students module holds about one student, for the privacy export and erasure, read
 * and changed in the current transaction.
 */
@Injectable()
export class StudentsPrivacyService {
  constructor(@InjectTransactionHost() private readonly txHost: MainTransactionHost) {}

  /** The student's performance history, newest first. */
  performanceRecords(studentProfileId: string): Promise<PerformanceRecord[]> {
    return this.txHost.tx.find(PerformanceRecord, {
      where: { studentProfileId },
      order: { recordedAt: 'DESC' },
    });
  }

  countPerformanceRecords(studentProfileId: string): Promise<number> {
    return this.txHost.tx.countBy(PerformanceRecord, { studentProfileId });
  }

  /**
   * Deletes the profile; everything attached to it (history, predictions, recommendations,
   * alerts, interventions) goes with it by foreign-key cascade.
   */
  async deleteProfile(studentProfileId: string): Promise<void> {
    await this.txHost.tx.delete(StudentProfile, { id: studentProfileId });
  }
}

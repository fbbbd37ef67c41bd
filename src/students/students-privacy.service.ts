import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PerformanceRecord } from './entities/performance-record.entity';
import { StudentProfile } from './entities/student-profile.entity';

/** What the students module holds about one student, for the privacy export and erasure. */
@Injectable()
export class StudentsPrivacyService {
  /** The student's performance history, newest first. */
  performanceRecords(
    studentProfileId: string,
    manager: EntityManager,
  ): Promise<PerformanceRecord[]> {
    return manager.find(PerformanceRecord, {
      where: { studentProfileId },
      order: { recordedAt: 'DESC' },
    });
  }

  countPerformanceRecords(studentProfileId: string, manager: EntityManager): Promise<number> {
    return manager.countBy(PerformanceRecord, { studentProfileId });
  }

  /**
   * Deletes the profile; everything attached to it (history, predictions, recommendations,
   * alerts, interventions) goes with it by foreign-key cascade.
   */
  async deleteProfile(studentProfileId: string, manager: EntityManager): Promise<void> {
    await manager.delete(StudentProfile, { id: studentProfileId });
  }
}

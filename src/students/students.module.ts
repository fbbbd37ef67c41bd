import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { UsersModule } from '../users/users.module';
import { PerformanceRecordsController } from './performance-records.controller';
import { PerformanceRecordsRepository } from './performance-records.repository';
import { PerformanceRecordsService } from './performance-records.service';
import { StudentAccountLinkController } from './student-account-link.controller';
import { StudentAccountLinkService } from './student-account-link.service';
import { StudentAccountLinker } from './student-account-linker';
import { StudentSeedWriter } from './student-seed-writer.service';
import { StudentsController } from './students.controller';
import { StudentsPrivacyService } from './students-privacy.service';
import { StudentsRepository } from './students.repository';
import { StudentsService } from './students.service';

/**
 * Student profiles (`/api/students`): the list and its filters, ownership-scoped reads,
 * performance history, account links (and the automatic link the users module asks for through
 * its StudentLinker), what the privacy export and erasure need of its tables, and the writer of
 * seed data sets (the demo data module's).
 */
@Module({
  imports: [AuditModule, UsersModule],
  controllers: [StudentsController, PerformanceRecordsController, StudentAccountLinkController],
  providers: [
    StudentsRepository,
    PerformanceRecordsRepository,
    StudentsService,
    PerformanceRecordsService,
    StudentAccountLinkService,
    StudentAccountLinker,
    StudentsPrivacyService,
    StudentSeedWriter,
  ],
  exports: [StudentsService, StudentSeedWriter, StudentsPrivacyService],
})
export class StudentsModule {}

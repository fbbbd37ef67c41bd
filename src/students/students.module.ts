import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthCoreModule } from '../auth/auth-core.module';
import { UsersModule } from '../users/users.module';
import { PerformanceRecordsController } from './performance-records.controller';
import { PerformanceRecordsService } from './performance-records.service';
import { DemoSeedOnStartup } from './seed/demo-seed.bootstrap';
import { SeedService } from './seed/seed.service';
import { StudentAccountLinkController } from './student-account-link.controller';
import { StudentAccountLinkService } from './student-account-link.service';
import { StudentAccountLinker } from './student-account-linker';
import { StudentPrivacyController } from './student-privacy.controller';
import { StudentPrivacyService } from './student-privacy.service';
import { StudentsController } from './students.controller';
import { StudentsService } from './students.service';

/**
 * Student profiles (`/api/students`): the list and its filters, ownership-scoped reads,
 * performance history, account links (and the automatic link the users module asks for through
 * its StudentLinker), privacy export and erasure, and the demo data.
 */
@Module({
  imports: [AuditModule, UsersModule, AuthCoreModule],
  controllers: [
    StudentsController,
    PerformanceRecordsController,
    StudentAccountLinkController,
    StudentPrivacyController,
  ],
  providers: [
    StudentsService,
    PerformanceRecordsService,
    StudentAccountLinkService,
    StudentAccountLinker,
    StudentPrivacyService,
    SeedService,
    DemoSeedOnStartup,
  ],
  exports: [StudentsService, SeedService],
})
export class StudentsModule {}

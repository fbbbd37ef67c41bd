import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthCoreModule } from '../auth/auth-core.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PredictionsModule } from '../predictions/predictions.module';
import { StudentsModule } from '../students/students.module';
import { UsersModule } from '../users/users.module';
import { StudentPrivacyController } from './student-privacy.controller';
import { StudentPrivacyService } from './student-privacy.service';

/**
 * A student's privacy rights (`/api/students/{id}/data-export`, `/api/students/{id}/erase`):
 * the export and the erasure of everything held about them, put together from each owning
 * module's privacy service in one transaction.
 */
@Module({
  imports: [
    StudentsModule,
    PredictionsModule,
    NotificationsModule,
    UsersModule,
    AuthCoreModule,
    AuditModule,
  ],
  controllers: [StudentPrivacyController],
  providers: [StudentPrivacyService],
})
export class PrivacyModule {}

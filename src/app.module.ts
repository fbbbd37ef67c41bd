import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AppConfigModule } from './config/app-config.module';
import { AppLoggerModule } from './common/logging/logger.module';
import { ProblemDetailsFilter } from './common/filters/problem-details.filter';
import { RequestContextModule } from './common/request-context/request-context.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { AuthModule } from './auth/auth.module';
import { StudentsModule } from './students/students.module';
import { ImportExportModule } from './import-export/import-export.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { PredictionsModule } from './predictions/predictions.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PrivacyModule } from './privacy/privacy.module';
import { DemoSeedModule } from './demo-seed/demo-seed.module';

@Module({
  imports: [
    AppConfigModule,
    AppLoggerModule,
    // Request context and transactions: one continuation-local store per request.
    RequestContextModule,
    DatabaseModule,
    HealthModule,
    AuthModule,
    StudentsModule,
    ImportExportModule,
    AnalyticsModule,
    PredictionsModule,
    NotificationsModule,
    PrivacyModule,
    DemoSeedModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
})
export class AppModule {}

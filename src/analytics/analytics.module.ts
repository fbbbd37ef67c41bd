import { Module } from '@nestjs/common';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsRepository } from './analytics.repository';
import { AnalyticsService } from './analytics.service';

/**
 * `/api/analytics` (teachers and administrators): figures over all students matching the
 * students-list filters, computed by aggregate SQL.
 *
 * The one justified exception to "only a table's module reads it": these queries read
 * student_profiles, predictions and alerts directly, read-only, each in a single aggregate
 * statement (grouping sets, the latest prediction per student by DISTINCT ON) that
 * calls through the owners' services could only replace with row-by-row reads. They write
 * nothing, and they filter with the students module's exported filter (student-filters.ts).
 */
@Module({
  controllers: [AnalyticsController],
  providers: [AnalyticsService, AnalyticsRepository],
  exports: [AnalyticsService],
})
export class AnalyticsModule {}

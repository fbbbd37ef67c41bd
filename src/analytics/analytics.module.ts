import { Module } from '@nestjs/common';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsRepository } from './analytics.repository';
import { AnalyticsService } from './analytics.service';

/**
 * `/api/analytics` (teachers and administrators): figures over all students matching the
 * students-list filters, computed by aggregate SQL.
 *
 * The one justified exception to "only a table's module reads it": AnalyticsRepository reads
 * four tables of other modules directly, read-only: student_profiles and performance_records
 * (students), predictions (predictions) and alerts (notifications). Each endpoint is a single
 * aggregate statement (grouping sets, the latest prediction per student by DISTINCT ON) that
 * calls through the owners' services could only replace with row-by-row reads. It writes
 * nothing, and it filters with the students module's exported filter (studentFilterSql in
 * student-filters.ts), so it counts exactly the students the students list shows.
 */
@Module({
  controllers: [AnalyticsController],
  providers: [AnalyticsService, AnalyticsRepository],
  exports: [AnalyticsService],
})
export class AnalyticsModule {}

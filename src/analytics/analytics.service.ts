import { Injectable } from '@nestjs/common';
import type { StudentFilters } from '../students/student-filters';
import { findFactor } from './analytics-factors';
import { AnalyticsRepository } from './analytics.repository';
import { UnknownFactorError } from './analytics.errors';
import type { AnalyticsOverviewResponseDto } from './dto/analytics-overview-response.dto';
import type { DemographicsResponseDto } from './dto/demographics-response.dto';
import type { FactorAnalysisQueryDto } from './dto/factor-analysis-query.dto';
import type { FactorAnalysisResponseDto } from './dto/factor-analysis-response.dto';
import type { InsightsQueryDto } from './dto/insights-query.dto';
import type { InsightsResponseDto } from './dto/insights-response.dto';
import type { OverviewQueryDto } from './dto/overview-query.dto';
import type { PerformanceTrendsQueryDto } from './dto/performance-trends-query.dto';
import type { PerformanceTrendsResponseDto } from './dto/performance-trends-response.dto';
import type { RiskAnalyticsQueryDto } from './dto/risk-analytics-query.dto';
import type { RiskAnalyticsResponseDto } from './dto/risk-analytics-response.dto';
import { toDemographicsResponse } from './queries/demographics.query';
import { toGroupedFactorResponse, toNumericFactorResponse } from './queries/factor-analysis.query';
import { toInsightsResponse } from './queries/insights.query';
import { toOverviewResponse } from './queries/overview.query';
import { parseTrendRange, toPerformancePeriod } from './queries/performance-trends.query';
import { toRiskAnalyticsResponse } from './queries/risk.query';
import { RISK_LEVELS } from './risk-levels';

/**
 * Figures over all students matching the students-list filters, each computed by aggregate SQL
 * (one statement per endpoint, run by AnalyticsRepository): no student rows are loaded, so the
 * cost stays in the database however many students match. Read-only.
 */
@Injectable()
export class AnalyticsService {
  constructor(private readonly analytics: AnalyticsRepository) {}

  async overview(query: OverviewQueryDto): Promise<AnalyticsOverviewResponseDto> {
    const row = await this.analytics.overview(query, query.pass_mark);
    return toOverviewResponse(row, query.pass_mark);
  }

  async performanceTrends(query: PerformanceTrendsQueryDto): Promise<PerformanceTrendsResponseDto> {
    const range = parseTrendRange(query.from, query.to);
    const rows = await this.analytics.performanceTrends(query, query.interval, range);
    return {
      interval: query.interval,
      from: query.from ?? null,
      to: query.to ?? null,
      periods: rows.map(toPerformancePeriod),
    };
  }

  async demographics(filters: StudentFilters): Promise<DemographicsResponseDto> {
    return toDemographicsResponse(await this.analytics.demographics(filters));
  }

  /** @throws UnknownFactorError (404) when `factor` is not one of the 19 factors. */
  async factorAnalysis(
    factor: string,
    query: FactorAnalysisQueryDto,
  ): Promise<FactorAnalysisResponseDto> {
    const spec = findFactor(factor);
    if (!spec) throw new UnknownFactorError(factor);
    if (spec.kind === 'numeric') {
      return toNumericFactorResponse(
        spec,
        await this.analytics.numericFactor(spec, query, query.bins),
      );
    }
    return toGroupedFactorResponse(spec, await this.analytics.groupedFactor(spec, query));
  }

  async insights(query: InsightsQueryDto): Promise<InsightsResponseDto> {
    const rows = await this.analytics.insights(query, query.limit, query.min_group_size);
    return toInsightsResponse(rows);
  }

  async risk(query: RiskAnalyticsQueryDto): Promise<RiskAnalyticsResponseDto> {
    const levels = query.risk_level?.length ? query.risk_level : [...RISK_LEVELS];
    const rows = await this.analytics.risk(query, levels, query.page, query.per_page);
    return toRiskAnalyticsResponse(rows, levels, query.page, query.per_page);
  }
}

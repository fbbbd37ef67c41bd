import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { StudentFilters } from '../students/student-filters';
import { findFactor } from './analytics-factors';
import { runQuery } from './analytics-sql';
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
import {
  demographicsQuery,
  toDemographicsResponse,
  type DemographicRow,
} from './queries/demographics.query';
import {
  groupedFactorQuery,
  numericFactorQuery,
  toGroupedFactorResponse,
  toNumericFactorResponse,
  type FactorGroupRow,
  type NumericFactorRow,
} from './queries/factor-analysis.query';
import { insightsQuery, toInsightsResponse, type InsightRow } from './queries/insights.query';
import { overviewQuery, toOverviewResponse, type OverviewRow } from './queries/overview.query';
import {
  parseTrendRange,
  performanceTrendsQuery,
  toPerformancePeriod,
  type TrendRow,
} from './queries/performance-trends.query';
import { riskQuery, toRiskAnalyticsResponse, type RiskRow } from './queries/risk.query';
import { RISK_LEVELS } from './risk-levels';

/**
 * Figures over all students matching the students-list filters, each computed by aggregate SQL
 * (one statement per endpoint): no student rows are loaded, so the cost
 * stays in the database however many students match. Read-only.
 */
@Injectable()
export class AnalyticsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async overview(query: OverviewQueryDto): Promise<AnalyticsOverviewResponseDto> {
    const { sql, params } = overviewQuery(query, query.pass_mark);
    const [row] = await runQuery<OverviewRow>(this.dataSource.manager, sql, params);
    return toOverviewResponse(row, query.pass_mark);
  }

  async performanceTrends(query: PerformanceTrendsQueryDto): Promise<PerformanceTrendsResponseDto> {
    const range = parseTrendRange(query.from, query.to);
    const { sql, params } = performanceTrendsQuery(query, query.interval, range);
    const rows = await runQuery<TrendRow>(this.dataSource.manager, sql, params);
    return {
      interval: query.interval,
      from: query.from ?? null,
      to: query.to ?? null,
      periods: rows.map(toPerformancePeriod),
    };
  }

  async demographics(filters: StudentFilters): Promise<DemographicsResponseDto> {
    const { sql, params } = demographicsQuery(filters);
    return toDemographicsResponse(
      await runQuery<DemographicRow>(this.dataSource.manager, sql, params),
    );
  }

  /** @throws UnknownFactorError (404) when `factor` is not one of the 19 factors. */
  async factorAnalysis(
    factor: string,
    query: FactorAnalysisQueryDto,
  ): Promise<FactorAnalysisResponseDto> {
    const spec = findFactor(factor);
    if (!spec) throw new UnknownFactorError(factor);
    const manager = this.dataSource.manager;
    if (spec.kind === 'numeric') {
      const { sql, params } = numericFactorQuery(spec, query, query.bins);
      const [row] = await runQuery<NumericFactorRow>(manager, sql, params);
      return toNumericFactorResponse(spec, row);
    }
    const { sql, params } = groupedFactorQuery(spec, query);
    return toGroupedFactorResponse(spec, await runQuery<FactorGroupRow>(manager, sql, params));
  }

  async insights(query: InsightsQueryDto): Promise<InsightsResponseDto> {
    const { sql, params } = insightsQuery(query, query.limit, query.min_group_size);
    return toInsightsResponse(await runQuery<InsightRow>(this.dataSource.manager, sql, params));
  }

  async risk(query: RiskAnalyticsQueryDto): Promise<RiskAnalyticsResponseDto> {
    const levels = query.risk_level?.length ? query.risk_level : [...RISK_LEVELS];
    const { sql, params } = riskQuery(query, levels, query.page, query.per_page);
    const rows = await runQuery<RiskRow>(this.dataSource.manager, sql, params);
    return toRiskAnalyticsResponse(rows, levels, query.page, query.per_page);
  }
}

import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { SqlParams } from '../common/sql/sql-params';
import type { MainTransactionHost } from '../database/transactions';
import type { StudentFilters } from '../students/student-filters';
import type { GroupedFactor, NumericFactor } from './analytics-factors';
import type { TrendInterval } from './dto/performance-trends-query.dto';
import { demographicsQuery, type DemographicRow } from './queries/demographics.query';
import {
  groupedFactorQuery,
  numericFactorQuery,
  type FactorGroupRow,
  type NumericFactorRow,
} from './queries/factor-analysis.query';
import { insightsQuery, type InsightRow } from './queries/insights.query';
import { overviewQuery, type OverviewRow } from './queries/overview.query';
import {
  performanceTrendsQuery,
  type TrendRange,
  type TrendRow,
} from './queries/performance-trends.query';
import { riskQuery, type RiskRow } from './queries/risk.query';
import type { RiskLevelName } from './risk-levels';

/**
 * The only place in analytics that runs SQL: one read-only aggregate statement per endpoint,
 * built by queries/*.query.ts with positional parameters, in the current transaction (or on
 * the pool outside any). See AnalyticsModule for why it reads other modules' tables.
 */
@Injectable()
export class AnalyticsRepository {
  constructor(@InjectTransactionHost() private readonly txHost: MainTransactionHost) {}

  async overview(filters: StudentFilters, passMark: number): Promise<OverviewRow> {
    const [row] = await this.run<OverviewRow>((params) => overviewQuery(filters, passMark, params));
    return row;
  }

  performanceTrends(
    filters: StudentFilters,
    interval: TrendInterval,
    range: TrendRange,
  ): Promise<TrendRow[]> {
    return this.run((params) => performanceTrendsQuery(filters, interval, range, params));
  }

  demographics(filters: StudentFilters): Promise<DemographicRow[]> {
    return this.run((params) => demographicsQuery(filters, params));
  }

  async numericFactor(
    spec: NumericFactor,
    filters: StudentFilters,
    bins: number,
  ): Promise<NumericFactorRow> {
    const [row] = await this.run<NumericFactorRow>((params) =>
      numericFactorQuery(spec, filters, bins, params),
    );
    return row;
  }

  groupedFactor(spec: GroupedFactor, filters: StudentFilters): Promise<FactorGroupRow[]> {
    return this.run((params) => groupedFactorQuery(spec, filters, params));
  }

  insights(filters: StudentFilters, limit: number, minGroupSize: number): Promise<InsightRow[]> {
    return this.run((params) => insightsQuery(filters, limit, minGroupSize, params));
  }

  risk(
    filters: StudentFilters,
    levels: readonly RiskLevelName[],
    page: number,
    perPage: number,
  ): Promise<RiskRow[]> {
    return this.run((params) => riskQuery(filters, levels, page, perPage, params));
  }

  /** Builds one statement, its values collected while its text is written, and runs it. */
  private run<T>(build: (params: SqlParams) => string): Promise<T[]> {
    const params = new SqlParams();
    const text = build(params);
    return this.txHost.tx.query<T[]>(text, params.values);
  }
}

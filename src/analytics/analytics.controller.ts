import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access } from '../common/decorators/access.decorator';
import { ProblemResponseDto } from '../common/http/problem-response.dto';
import { ApiPageLinks } from '../common/pagination/api-page-links.decorator';
import { StudentFilterDto } from '../students/dto/student-filter.dto';
import { FACTOR_NAMES } from './analytics-factors';
import { AnalyticsService } from './analytics.service';
import { AnalyticsOverviewResponseDto } from './dto/analytics-overview-response.dto';
import { DemographicsResponseDto } from './dto/demographics-response.dto';
import { FactorAnalysisQueryDto } from './dto/factor-analysis-query.dto';
import { FactorAnalysisResponseDto } from './dto/factor-analysis-response.dto';
import { FactorParamDto } from './dto/factor-param.dto';
import { InsightsQueryDto } from './dto/insights-query.dto';
import { InsightsResponseDto } from './dto/insights-response.dto';
import { OverviewQueryDto } from './dto/overview-query.dto';
import { PerformanceTrendsQueryDto } from './dto/performance-trends-query.dto';
import { PerformanceTrendsResponseDto } from './dto/performance-trends-response.dto';
import { RiskAnalyticsQueryDto } from './dto/risk-analytics-query.dto';
import { RiskAnalyticsResponseDto } from './dto/risk-analytics-response.dto';

const ROLES = 'Roles: teacher, administrator.';
const FILTERS =
  'Accepts every filter of the students list (`search`, the enum fields, the booleans, `min_`/`max_` of the numeric fields): the figures cover all matching students and are computed in the database.';
const BAD_REQUEST = {
  description:
    'A filter or parameter is invalid (unknown parameter, bad enum value or number, a `min_` above its `max_`, out-of-range value): `validation_failed` with one entry per field.',
  type: ProblemResponseDto,
};

@ApiTags('Analytics')
@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('overview')
  @Access('teacher', 'administrator')
  @ApiOperation({
    summary: 'Analytics overview',
    description: `How many students match, the distribution of their exam scores, attendance and hours studied (mean, median, sample standard deviation, min, max, 10th/25th/75th/90th percentiles), the share passing \`pass_mark\` (default 65) among those with a score, and the risk level of each student's latest stored prediction (\`unpredicted\`: none stored). Means are rounded to 2 decimals, rates to 3. ${FILTERS} ${ROLES}`,
  })
  @ApiOkResponse({ type: AnalyticsOverviewResponseDto })
  @ApiBadRequestResponse(BAD_REQUEST)
  async getAnalyticsOverview(
    @Query() query: OverviewQueryDto,
  ): Promise<AnalyticsOverviewResponseDto> {
    return this.analytics.overview(query);
  }

  @Get('performance-trends')
  @Access('teacher', 'administrator')
  @ApiOperation({
    summary: 'Performance over time',
    description: `The performance records of the matching students grouped by calendar month (default), ISO week (UTC) or term label, oldest first: number of records and of distinct students, mean exam score, attendance and hours studied; for months and weeks also the number of predictions stored in the period and their mean predicted score (null for terms). \`from\`/\`to\` limit both by date. Periods without records or predictions are not listed. ${FILTERS} ${ROLES}`,
  })
  @ApiOkResponse({ type: PerformanceTrendsResponseDto })
  @ApiBadRequestResponse({
    ...BAD_REQUEST,
    description: `${BAD_REQUEST.description} Also: \`interval\` not week/month/term, \`from\`/\`to\` not ISO 8601, \`from\` after \`to\`.`,
  })
  async getPerformanceTrends(
    @Query() query: PerformanceTrendsQueryDto,
  ): Promise<PerformanceTrendsResponseDto> {
    return this.analytics.performanceTrends(query);
  }

  @Get('demographics')
  @Access('teacher', 'administrator')
  @ApiOperation({
    summary: 'Students by demographic group',
    description: `For gender, school type, family income, parental education level, distance from home, internet access and learning disabilities: per value the number of matching students, their share of all matching students (0–1) and their mean exam score. Every known value is listed (booleans as Yes/No), then \`Unknown\` for students without a value. One grouping-sets query. ${FILTERS} ${ROLES}`,
  })
  @ApiOkResponse({ type: DemographicsResponseDto })
  @ApiBadRequestResponse(BAD_REQUEST)
  async getDemographics(@Query() query: StudentFilterDto): Promise<DemographicsResponseDto> {
    return this.analytics.demographics(query);
  }

  @Get('factors/:factor')
  @Access('teacher', 'administrator')
  @ApiOperation({
    summary: 'One factor against the exam score',
    description: `\`factor\` is one of the 19 factors (${FACTOR_NAMES.join(', ')}); any other name is a 404 \`unknown_factor\`. Categorical and boolean factors (\`kind\` categorical/boolean): per value (every known value, then \`Unknown\`), the number of students and the mean, median and sample standard deviation of their exam scores. Numeric factors: Pearson correlation with the exam score, the least-squares line (slope: points per unit, intercept, r²), the factor's min/max/mean, and the mean exam score in \`bins\` equal-width bins from min to max. ${FILTERS} ${ROLES}`,
  })
  @ApiOkResponse({ type: FactorAnalysisResponseDto })
  @ApiBadRequestResponse({
    ...BAD_REQUEST,
    description: `${BAD_REQUEST.description} Also: \`bins\` not an integer from 1 to 50.`,
  })
  @ApiNotFoundResponse({
    description: 'Not one of the 19 factors (`unknown_factor`).',
    type: ProblemResponseDto,
  })
  async getFactorAnalysis(
    @Param() params: FactorParamDto,
    @Query() query: FactorAnalysisQueryDto,
  ): Promise<FactorAnalysisResponseDto> {
    return this.analytics.factorAnalysis(params.factor, query);
  }

  @Get('insights')
  @Access('teacher', 'administrator')
  @ApiOperation({
    summary: 'Ranked findings from the data',
    description: `One finding per factor, computed in SQL and ranked by effect size (strongest first, at most \`limit\`): for numeric factors the least-squares slope and the correlation with the exam score (strength |r|); for categorical and boolean factors the gap between the highest and the lowest group mean among groups with at least \`min_group_size\` scores (strength: the correlation ratio η, on the same 0–1 scale). Each finding has a factual message built from these figures; they describe associations in the data, not causes. ${FILTERS} ${ROLES}`,
  })
  @ApiOkResponse({ type: InsightsResponseDto })
  @ApiBadRequestResponse({
    ...BAD_REQUEST,
    description: `${BAD_REQUEST.description} Also: \`limit\` not 1–19, \`min_group_size\` not a positive integer.`,
  })
  async getInsights(@Query() query: InsightsQueryDto): Promise<InsightsResponseDto> {
    return this.analytics.insights(query);
  }

  @Get('risk')
  @Access('teacher', 'administrator')
  @ApiOperation({
    summary: 'Risk distribution and at-risk students',
    description: `The risk level of each matching student's latest stored prediction (\`unpredicted\`: none), their open alerts by severity, and a page (\`page\`, \`per_page\` ≤ 100) of the predicted students, highest risk first and, within a level, lowest predicted score first, with that prediction and their open-alert count. \`risk_level\` restricts the list (not the counts). ${FILTERS} ${ROLES}`,
  })
  @ApiOkResponse({ type: RiskAnalyticsResponseDto })
  @ApiPageLinks()
  @ApiBadRequestResponse({
    ...BAD_REQUEST,
    description: `${BAD_REQUEST.description} Also: bad paging (per_page above 100), \`risk_level\` not high/medium/low.`,
  })
  async getRiskAnalytics(@Query() query: RiskAnalyticsQueryDto): Promise<RiskAnalyticsResponseDto> {
    return this.analytics.risk(query);
  }
}

import { apiEnum } from '../common/http/api-enum';

/** Where an alert is in its life: open → acknowledged → resolved. */
export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatusValue = (typeof ALERT_STATUSES)[number];

export const ALERT_SEVERITIES = ['low', 'medium', 'high'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** What an alert rule looks at: a figure of the stored prediction or a factor it was made from. */
export const ALERT_METRICS = [
  'predicted_score',
  'attendance',
  'hours_studied',
  'previous_scores',
  'risk_level',
] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

export const ALERT_OPERATORS = ['lt', 'lte', 'gt', 'gte', 'eq'] as const;
export type AlertOperator = (typeof ALERT_OPERATORS)[number];

export const INTERVENTION_STATUSES = ['planned', 'in_progress', 'completed', 'cancelled'] as const;
export type InterventionStatus = (typeof INTERVENTION_STATUSES)[number];

/** A risk level as a rule compares it: its rank. */
export const RISK_LEVEL_RANK = { low: 1, medium: 2, high: 3 } as const;

/** The valid threshold range of each metric (risk_level: a rank, 1 = low … 3 = high). */
export const METRIC_RANGES: Record<AlertMetric, { min: number; max: number; integer: boolean }> = {
  predicted_score: { min: 0, max: 100, integer: false },
  attendance: { min: 0, max: 100, integer: false },
  hours_studied: { min: 0, max: 60, integer: false },
  previous_scores: { min: 0, max: 100, integer: false },
  risk_level: { min: 1, max: 3, integer: true },
};

export const ALERT_STATUS_ENUM = apiEnum(
  'AlertStatus',
  ALERT_STATUSES,
  'Where an alert is: `open` (new), `acknowledged` (someone is on it), `resolved` (closed; final).',
);
export const ALERT_SEVERITY_ENUM = apiEnum(
  'AlertSeverity',
  ALERT_SEVERITIES,
  'How urgent an alert (or the alerts of a rule) is.',
);
export const ALERT_METRIC_ENUM = apiEnum(
  'AlertMetric',
  ALERT_METRICS,
  'What an alert rule compares: the stored prediction’s `predicted_score` or `risk_level` (as a rank: 1 = low, 2 = medium, 3 = high), or the `attendance`, `hours_studied` or `previous_scores` the prediction was made from.',
);
export const ALERT_OPERATOR_ENUM = apiEnum(
  'AlertOperator',
  ALERT_OPERATORS,
  'How a rule compares the metric with its threshold: less than, less or equal, greater than, greater or equal, equal.',
);
export const INTERVENTION_STATUS_ENUM = apiEnum(
  'InterventionStatus',
  INTERVENTION_STATUSES,
  'Progress of an intervention.',
);

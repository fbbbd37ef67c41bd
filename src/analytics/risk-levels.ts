/** Risk levels from the most to the least severe (the order of the at-risk list). */
export const RISK_LEVELS = ['high', 'medium', 'low'] as const;
export type RiskLevelName = (typeof RISK_LEVELS)[number];

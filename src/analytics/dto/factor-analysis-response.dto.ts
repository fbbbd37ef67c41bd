import { ApiProperty } from '@nestjs/swagger';
import type { FactorKind } from '../analytics-factors';
import { FactorBinDto } from './factor-bin.dto';
import { FactorGroupDto } from './factor-group.dto';
import { apiEnum } from '../../common/http/api-enum';

const FACTOR_KIND_ENUM = apiEnum(
  'FactorKind',
  ['numeric', 'categorical', 'boolean'] satisfies FactorKind[],
  'numeric factors are analysed in bins, categorical and boolean ones per value.',
);
const numericOnly = (description: string, example: number) =>
  ApiProperty({
    type: Number,
    nullable: true,
    description: `${description} Numeric factors only (null otherwise, or when it cannot be computed).`,
    example,
  });

/**
 * `GET /api/analytics/factors/{factor}`: for a categorical or boolean factor, exam scores per
 * value (`groups`); for a numeric one, its correlation and regression line with the exam score
 * and the mean exam score per bin (`bins`).
 */
export class FactorAnalysisResponseDto {
  @ApiProperty({ example: 'hours_studied' })
  factor!: string;

  @ApiProperty({ ...FACTOR_KIND_ENUM, example: 'numeric' })
  kind!: FactorKind;

  @ApiProperty({ description: 'Students matching the filters.', example: 6607 })
  students!: number;

  @ApiProperty({ description: 'Of those, students with a known exam score.', example: 6378 })
  with_exam_score!: number;

  @ApiProperty({
    type: [FactorGroupDto],
    description: 'Categorical and boolean factors: one entry per value (empty for numeric ones).',
  })
  groups!: FactorGroupDto[];

  @numericOnly('Pearson correlation with the exam score (3 decimals).', 0.445)
  correlation!: number | null;

  @numericOnly('Least-squares slope: exam-score points per unit of the factor (3 decimals).', 0.289)
  slope!: number | null;

  @numericOnly('Least-squares intercept (2 decimals).', 61.46)
  intercept!: number | null;

  @numericOnly('Share of exam-score variance explained by the line, 0–1 (3 decimals).', 0.198)
  r_squared!: number | null;

  @numericOnly('Smallest value of the factor.', 1) min!: number | null;
  @numericOnly('Largest value of the factor.', 44) max!: number | null;
  @numericOnly('Mean of the factor.', 19.98) mean!: number | null;

  @ApiProperty({
    type: [FactorBinDto],
    description:
      'Numeric factors: `bins` equal-width bins from min to max (one bin when all values are equal; empty for categorical factors or no students).',
  })
  bins!: FactorBinDto[];
}

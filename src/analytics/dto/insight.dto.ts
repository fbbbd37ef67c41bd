import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GroupMeanDto } from './group-mean.dto';
import { apiEnum } from '../../common/http/api-enum';
import { FACTOR_NAME_ENUM } from '../../predictions/dto/api-enums';

export const INSIGHT_KINDS = ['correlation', 'group_gap'] as const;
export type InsightKind = (typeof INSIGHT_KINDS)[number];
const INSIGHT_KIND_ENUM = apiEnum(
  'InsightKind',
  INSIGHT_KINDS,
  'How an insight compares the exam scores.',
);

/** One computed finding about a factor and the exam score. */
export class InsightDto {
  @ApiProperty({ ...FACTOR_NAME_ENUM, example: 'parental_involvement' })
  factor!: string;

  @ApiProperty({
    ...INSIGHT_KIND_ENUM,
    description:
      '`correlation` for numeric factors (slope and correlation), `group_gap` for categorical and boolean ones (highest vs lowest group mean).',
    example: 'group_gap',
  })
  kind!: InsightKind;

  @ApiProperty({
    description:
      'Effect size on one 0–1 scale (3 decimals), by which insights are ranked: |correlation| for numeric factors, the correlation ratio η (square root of the share of exam-score variance between the groups) for grouped ones.',
    example: 0.157,
  })
  strength!: number;

  @ApiProperty({
    description: 'The finding in words, from the figures below (an association, not a cause).',
    example:
      'Students with High parental involvement score 1.70 points higher on average than students with Low parental involvement (68.09 vs 66.39).',
  })
  message!: string;

  @ApiProperty({
    description: 'Students with an exam score the figure is based on.',
    example: 6378,
  })
  students!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Correlation (numeric factors).',
    example: 0.445,
  })
  correlation!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Exam-score points per unit of the factor (numeric factors).',
    example: 0.289,
  })
  slope!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'higher_group mean minus lower_group mean (grouped factors).',
    example: 1.7,
  })
  gap!: number | null;

  @ApiPropertyOptional({
    type: GroupMeanDto,
    description: 'Group-gap insights only (absent for correlations): the highest-scoring group.',
  })
  higher_group?: GroupMeanDto;

  @ApiPropertyOptional({
    type: GroupMeanDto,
    description: 'Group-gap insights only (absent for correlations): the lowest-scoring group.',
  })
  lower_group?: GroupMeanDto;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto';
import {
  INTERVENTION_STATUSES,
  INTERVENTION_STATUS_ENUM,
  type InterventionStatus,
} from '../alert-values';

/** A page of a student's interventions, newest first. */
export class ListInterventionsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ ...INTERVENTION_STATUS_ENUM, description: 'Only this status.' })
  @IsOptional()
  @IsIn(INTERVENTION_STATUSES, {
    message: `status must be one of ${INTERVENTION_STATUSES.join(', ')}`,
  })
  status?: InterventionStatus;
}

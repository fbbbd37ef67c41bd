import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import { Access } from '../common/decorators/access.decorator';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import type { EntityTagCondition } from '../common/http/entity-tag-condition';
import { EntityTagged } from '../common/http/entity-tagged.decorator';
import { IfMatch } from '../common/http/if-match.decorator';
import { ifMatchPrecondition } from '../common/http/precondition';
import { ProblemResponseDto } from '../common/http/problem-response.dto';
import { ApiPaginatedResponse } from '../common/pagination/api-paginated-response.decorator';
import { mapPage, Page } from '../common/pagination/page';
import { AlertsService } from './alerts.service';
import { AlertResponseDto } from './dto/alert-response.dto';
import { IdParamDto } from './dto/id-param.dto';
import { ListAlertsQueryDto } from './dto/list-alerts-query.dto';
import { toAlertResponse } from './dto/to-alert-response';
import { UpdateAlertDto } from './dto/update-alert.dto';

const NOT_FOUND = {
  description: 'No such alert, or (for a student) not about them (`alert_not_found`).',
  type: ProblemResponseDto,
};

@ApiTags('Alerts')
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @Access('student', 'teacher', 'administrator')
  @ApiOperation({
    summary: 'List alerts',
    description:
      'Alerts raised by the alert rules when predictions are stored, newest first, a page at a time. Filters: `status`, `severity`, `student_id`; `sort` from created_at, updated_at, severity, status (prefix `-` for descending; others are a 400). Roles: teacher and administrator (all alerts), student (only alerts about their own linked profile).',
  })
  @ApiPaginatedResponse(AlertResponseDto, 'One page of alerts.')
  @ApiBadRequestResponse({
    description: 'Bad paging, filter value or sort field.',
    type: ProblemResponseDto,
  })
  async listAlerts(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: ListAlertsQueryDto,
  ): Promise<Page<AlertResponseDto>> {
    return mapPage(await this.alerts.list(caller, query), toAlertResponse);
  }

  @Get(':id')
  @Access('student', 'teacher', 'administrator')
  @ApiOperation({
    summary: 'Get an alert',
    description:
      "One alert. Roles: teacher and administrator (any alert), student (only alerts about their own linked profile; another student's is a 404).",
  })
  @ApiOkResponse({ type: AlertResponseDto })
  @EntityTagged('read')
  @ApiBadRequestResponse({ description: 'id is not a UUID.', type: ProblemResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async getAlert(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: IdParamDto,
  ): Promise<AlertResponseDto> {
    return toAlertResponse(await this.alerts.get(caller, params.id));
  }

  @Patch(':id')
  @Access('teacher', 'administrator')
  @ApiOperation({
    summary: 'Acknowledge, resolve or reopen an alert',
    description:
      'Sets the status and, when given, the note (null clears it). Moving to `acknowledged` stamps acknowledged_at; to `resolved` stamps resolved_at; back to `open` clears acknowledged_at. Open and acknowledged alerts may move to any status; `resolved` is final: changing a resolved alert’s status is a 409 `invalid_alert_transition` (a recurrence opens a new alert), though its note may still be changed with `status: resolved`. Records the caller as updated_by and writes an audit row. Roles: teacher, administrator.',
  })
  @ApiOkResponse({ type: AlertResponseDto })
  @ApiBadRequestResponse({
    description: 'id is not a UUID, or status/note invalid.',
    type: ProblemResponseDto,
  })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({
    description: 'The alert is resolved (`invalid_alert_transition`).',
    type: ProblemResponseDto,
  })
  @EntityTagged('write')
  async updateAlert(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: IdParamDto,
    @Body() body: UpdateAlertDto,
    @IfMatch() ifMatch: EntityTagCondition | undefined,
  ): Promise<AlertResponseDto> {
    const precondition = ifMatchPrecondition(ifMatch, 'alert', toAlertResponse);
    return toAlertResponse(await this.alerts.update(caller, params.id, body, precondition));
  }
}

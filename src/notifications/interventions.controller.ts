import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
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
import { CreateInterventionDto } from './dto/create-intervention.dto';
import { IdParamDto } from './dto/id-param.dto';
import { InterventionResponseDto } from './dto/intervention-response.dto';
import { InterventionStudentParamDto } from './dto/intervention-student-param.dto';
import { ListInterventionsQueryDto } from './dto/list-interventions-query.dto';
import { toInterventionResponse } from './dto/to-intervention-response';
import { UpdateInterventionDto } from './dto/update-intervention.dto';
import type { InterventionWithStudent } from './interventions.repository';
import { InterventionsService } from './interventions.service';

const STUDENT_NOT_FOUND = {
  description: 'No such student (`student_not_found`).',
  type: ProblemResponseDto,
};
const NOT_FOUND = {
  description: 'No such intervention (`intervention_not_found`).',
  type: ProblemResponseDto,
};
const ROLES = 'Roles: teacher, administrator.';

@ApiTags('Alerts')
@Controller()
export class InterventionsController {
  constructor(private readonly interventions: InterventionsService) {}

  @Post('students/:student_id/interventions')
  @Access('teacher', 'administrator')
  @ApiOperation({
    summary: 'Plan an intervention for a student',
    description: `Records something staff will do for the student (status defaults to \`planned\`), optionally answering one of the student's alerts (\`alert_id\`; an alert about another student is a 422). Returns 201 with a Location header. Audited. ${ROLES}`,
  })
  @ApiCreatedResponse({
    type: InterventionResponseDto,
    headers: {
      Location: { description: 'URL of the new intervention.', schema: { type: 'string' } },
    },
  })
  @ApiBadRequestResponse({
    description: 'A field is missing or invalid.',
    type: ProblemResponseDto,
  })
  @ApiNotFoundResponse(STUDENT_NOT_FOUND)
  @ApiUnprocessableEntityResponse({
    description: 'alert_id is not an alert about this student (`alert_not_for_student`).',
    type: ProblemResponseDto,
  })
  async createIntervention(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: InterventionStudentParamDto,
    @Body() body: CreateInterventionDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<InterventionResponseDto> {
    const { intervention, studentId } = await this.interventions.create(
      caller,
      params.student_id,
      body,
    );
    response.location(`/api/interventions/${intervention.id}`);
    return toInterventionResponse(intervention, studentId);
  }

  @Get('students/:student_id/interventions')
  @Access('teacher', 'administrator')
  @ApiOperation({
    summary: "List a student's interventions",
    description: `The student's interventions, newest first, a page at a time; \`status\` filters. ${ROLES}`,
  })
  @ApiPaginatedResponse(InterventionResponseDto, 'One page of interventions.')
  @ApiBadRequestResponse({ description: 'Bad paging or status.', type: ProblemResponseDto })
  @ApiNotFoundResponse(STUDENT_NOT_FOUND)
  async listInterventions(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: InterventionStudentParamDto,
    @Query() query: ListInterventionsQueryDto,
  ): Promise<Page<InterventionResponseDto>> {
    const { studentId, page } = await this.interventions.list(caller, params.student_id, query);
    return mapPage(page, (i) => toInterventionResponse(i, studentId));
  }

  @Get('interventions/:id')
  @Access('teacher', 'administrator')
  @ApiOperation({ summary: 'Get an intervention', description: `One intervention. ${ROLES}` })
  @ApiOkResponse({ type: InterventionResponseDto })
  @EntityTagged('read')
  @ApiBadRequestResponse({ description: 'id is not a UUID.', type: ProblemResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async getIntervention(@Param() params: IdParamDto): Promise<InterventionResponseDto> {
    const { intervention, studentId } = await this.interventions.get(params.id);
    return toInterventionResponse(intervention, studentId);
  }

  @Patch('interventions/:id')
  @Access('teacher', 'administrator')
  @ApiOperation({
    summary: 'Update an intervention',
    description: `Partial update of status, outcome, description and due_date (null clears outcome or due_date); at least one is required. Any status may follow any other. Audited. ${ROLES}`,
  })
  @ApiOkResponse({ type: InterventionResponseDto })
  @ApiBadRequestResponse({
    description: 'id is not a UUID, no field given, or a field is invalid.',
    type: ProblemResponseDto,
  })
  @ApiNotFoundResponse(NOT_FOUND)
  @EntityTagged('write')
  async updateIntervention(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: IdParamDto,
    @Body() body: UpdateInterventionDto,
    @IfMatch() ifMatch: EntityTagCondition | undefined,
  ): Promise<InterventionResponseDto> {
    const precondition = ifMatchPrecondition<InterventionWithStudent>(
      ifMatch,
      'intervention',
      (current) => toInterventionResponse(current.intervention, current.studentId),
    );
    const { intervention, studentId } = await this.interventions.update(
      caller,
      params.id,
      body,
      precondition,
    );
    return toInterventionResponse(intervention, studentId);
  }
}

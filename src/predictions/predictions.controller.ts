import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import { Access } from '../common/decorators/access.decorator';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { ApiHeavyWorkResponse } from '../database/api-heavy-work-response';
import { ProblemResponseDto } from '../common/http/problem-response.dto';
import { ApiPaginatedResponse } from '../common/pagination/api-paginated-response.decorator';
import { Page } from '../common/pagination/page';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { StudentIdParamDto } from '../students/dto/student-id-param.dto';
import { BatchPredictionResponseDto } from './dto/batch-prediction-response.dto';
import { EstimateFactorsDto } from './dto/estimate-factors.dto';
import { PredictBatchDto } from './dto/predict-batch.dto';
import { PredictionHistoryItemDto } from './dto/prediction-history-item.dto';
import { PredictionResultDto } from './dto/prediction-result.dto';
import { StudentPredictionDto } from './dto/student-prediction.dto';
import { WhatIfResponseDto } from './dto/what-if-response.dto';
import { WhatIfDto } from './dto/what-if.dto';
import { PredictionsService } from './predictions.service';

const NOT_FOUND = {
  description: 'No such student, or (for a student) not their own.',
  type: ProblemResponseDto,
};
const UNAVAILABLE = {
  description: 'No prediction model is loaded yet (`model_unavailable`, with Retry-After).',
  type: ProblemResponseDto,
};
const UNUSABLE = {
  description: 'Stored factors the model cannot use (`invalid_factors`).',
  type: ProblemResponseDto,
};
const SHAPE =
  '`predicted_score` (2 decimals); `confidence_level`: calibrated probability that the actual score is within ± `tolerance` points; ' +
  '`prediction_interval`: calibrated to its `level` (0.9); `risk_level` from the server thresholds; `top_factors`: the five largest ' +
  'path-attribution contributions; `model_version`: the model that made it.';

@ApiTags('Predictions')
@Controller('predictions')
export class PredictionsController {
  constructor(private readonly predictions: PredictionsService) {}

  @Post('batch')
  @HttpCode(200)
  // Above @Access: its 429 (rate limit) and this one merge, with this problem schema.
  @ApiHeavyWorkResponse('batch predictions', 'MAX_CONCURRENT_BATCH_PREDICTIONS')
  @Access('teacher', 'administrator')
  @ApiOperation({
    summary: 'Predict many students',
    description:
      'Predicts up to 10,000 distinct students by id with the active model and stores every prediction (one transaction). ' +
      'Ids match whatever the case, as everywhere; each prediction names its student by the id as stored, and ids without a profile are listed in `not_found` as sent; predictions keep the request order. More than 10,000 ids, ' +
      'repeated ids (in any case) or an empty list are a 400. The alert rules are evaluated over the stored predictions (see `replaceAlertRules`): each rule a prediction meets opens an alert unless the student has an unresolved one for that rule. ' +
      `${SHAPE} Roles: teacher, administrator.`,
  })
  @ApiOkResponse({ type: BatchPredictionResponseDto })
  @ApiBadRequestResponse({
    description: 'Not an array of 1 to 10,000 distinct ids.',
    type: ProblemResponseDto,
  })
  @ApiPayloadTooLargeResponse({ description: 'Body above BODY_LIMIT.', type: ProblemResponseDto })
  @ApiUnprocessableEntityResponse(UNUSABLE)
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  // The service answers with the BatchPredictionResponseDto's JSON text, written while the batch
  // was stored; sent with the type res.json gives.
  @Header('Content-Type', 'application/json; charset=utf-8')
  async predictBatch(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: PredictBatchDto,
  ): Promise<string> {
    return this.predictions.predictBatch(caller, body.student_ids);
  }

  @Post('what-if')
  @HttpCode(200)
  @Access('student', 'teacher', 'administrator')
  @ApiOperation({
    summary: 'What-if scenario',
    description:
      "Predicts the student as is (`baseline`) and with `changes` applied to their factors (`scenario`), in one inference with the active model; nothing is stored. `delta` = scenario − baseline predicted_score. Changes take the 19 factors only, with the same types and ranges as a profile update; an unknown key or an out-of-range value is a 400 naming the field. Teachers and administrators: any student; students: only their own (another student's id is a 404). Roles: student (own), teacher, administrator.",
  })
  @ApiOkResponse({ type: WhatIfResponseDto })
  @ApiBadRequestResponse({
    description: 'A change names an unknown factor, has a wrong type or is out of range.',
    type: ProblemResponseDto,
  })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiUnprocessableEntityResponse(UNUSABLE)
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  async predictWhatIf(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: WhatIfDto,
  ): Promise<WhatIfResponseDto> {
    return this.predictions.whatIf(caller, body);
  }

  @Post('estimate')
  @HttpCode(200)
  @Access('teacher', 'administrator')
  @ApiOperation({
    summary: 'Estimate from factors',
    description:
      'A prediction for a full set of the 19 factors given in the body (validated like the factor fields of a new student; ' +
      'teacher_quality, parental_education_level and distance_from_home may be omitted or null when unknown). Not stored. ' +
      `${SHAPE} Roles: teacher, administrator.`,
  })
  @ApiOkResponse({ type: PredictionResultDto })
  @ApiBadRequestResponse({
    description: 'A factor is missing, unknown or invalid.',
    type: ProblemResponseDto,
  })
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  async estimateScore(@Body() body: EstimateFactorsDto): Promise<PredictionResultDto> {
    return this.predictions.estimate(body);
  }

  @Get(':student_id/history')
  @Access('student', 'teacher', 'administrator')
  @ApiOperation({
    summary: 'Prediction history',
    description:
      "The student's stored predictions, newest first, a page at a time, each with the model version and the factors it was made from. Teachers and administrators: any student; students: only their own (another student's id is a 404). Roles: student (own), teacher, administrator.",
  })
  @ApiPaginatedResponse(PredictionHistoryItemDto, 'One page of stored predictions, newest first.')
  @ApiBadRequestResponse({
    description: 'Bad paging (per_page above 100) or malformed student id.',
    type: ProblemResponseDto,
  })
  @ApiNotFoundResponse(NOT_FOUND)
  async listPredictionHistory(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: StudentIdParamDto,
    @Query() query: PaginationQueryDto,
  ): Promise<Page<PredictionHistoryItemDto>> {
    return this.predictions.history(caller, params.student_id, query);
  }

  @Get(':student_id')
  @Access('student', 'teacher', 'administrator')
  @ApiOperation({
    summary: 'Predict a student',
    description:
      "Computes the student's prediction now with the active model, stores it (with the model version, the 19 factors used and who asked) and returns it. " +
      "Each enabled alert rule the prediction meets (e.g. the default `High-risk prediction`) opens an alert unless the student has an unresolved one for that rule, and notifies the student's account. Teachers and administrators: any student; students: only their own (another student's id is a 404). " +
      `${SHAPE} Roles: student (own), teacher, administrator.`,
  })
  @ApiOkResponse({ type: StudentPredictionDto })
  @ApiBadRequestResponse({ description: 'Malformed student id.', type: ProblemResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiUnprocessableEntityResponse(UNUSABLE)
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  async predictStudent(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: StudentIdParamDto,
  ): Promise<StudentPredictionDto> {
    return this.predictions.predictStudent(caller, params.student_id);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import { Access } from '../common/decorators/access.decorator';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { ApiHeavyWorkResponse } from '../database/api-heavy-work-response';
import { ProblemResponseDto } from '../common/http/problem-response.dto';
import { ApiPaginatedResponse } from '../common/pagination/api-paginated-response.decorator';
import { Page } from '../common/pagination/page';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { ModelCardDto } from './dto/model-card.dto';
import { ModelSummaryDto } from './dto/model-summary.dto';
import { ModelVersionParamDto } from './dto/model-version-param.dto';
import { toTrainingJob } from './dto/to-training-job';
import { TrainModelDto } from './dto/train-model.dto';
import { TrainingJobParamDto } from './dto/training-job-param.dto';
import { TrainingJobDto } from './dto/training-job.dto';
import { ModelsService } from './models.service';
import { TrainingService } from './training.service';

@ApiTags('Models')
@Controller('models')
export class ModelsController {
  constructor(
    private readonly models: ModelsService,
    private readonly training: TrainingService,
  ) {}

  @Get()
  @Access('teacher', 'administrator')
  @ApiOperation({
    summary: 'List model versions',
    description:
      'Stored model versions, newest first, with their held-out metrics, the active flag and when they were trained and activated. Roles: teacher, administrator.',
  })
  @ApiPaginatedResponse(ModelSummaryDto, 'One page of model versions.')
  @ApiBadRequestResponse({
    description: 'Bad paging (per_page above 100).',
    type: ProblemResponseDto,
  })
  async listModels(@Query() query: PaginationQueryDto): Promise<Page<ModelSummaryDto>> {
    return this.models.list(query);
  }

  @Get('active')
  @Access('teacher', 'administrator')
  @ApiOperation({
    summary: 'Active model card',
    description:
      'The card of the model predictions use now: features and their encoding, training data, held-out and out-of-bag metrics against a linear and a mean baseline, ' +
      'errors per subgroup of students, feature importance, the confidence tolerance and the calibration coverage checked on held-out students, ' +
      'the risk thresholds this server applies, the recommendation catalogue and the known limitations. Roles: teacher, administrator.',
  })
  @ApiOkResponse({ type: ModelCardDto })
  @ApiServiceUnavailableResponse({
    description: 'No model is active (`model_unavailable`).',
    type: ProblemResponseDto,
  })
  async getActiveModel(): Promise<ModelCardDto> {
    return this.models.activeCard();
  }

  @Post('train')
  @HttpCode(202)
  // Above @Access: its 429 (rate limit) and this one merge, with this problem schema.
  @ApiHeavyWorkResponse('training jobs', 'MAX_CONCURRENT_TRAININGS')
  @Access('administrator')
  @ApiOperation({
    summary: 'Train a new model',
    description:
      'Starts a training job in the background and answers 202 with the job (`Location`: the job to poll). The job trains a random forest on every student with an exam score ' +
      '(at least MODEL_MIN_TRAINING_ROWS, default 100, else the job fails saying so), stores the new version, evaluates the active model on the new model’s held-out students ' +
      'and activates the new one (`activate`, default true) only when its mean absolute error there is not worse, unless `force`. At most MAX_CONCURRENT_TRAININGS (default 1) unfinished jobs at once across all servers: past it a 429 `heavy_work_limit` with Retry-After and the unfinished `job_id`. ' +
      'Roles: administrator.',
  })
  @ApiAcceptedResponse({
    type: TrainingJobDto,
    description: 'Queued; poll the job at Location.',
    headers: { Location: { description: 'URL of the job.', schema: { type: 'string' } } },
  })
  @ApiBadRequestResponse({ description: 'force/activate not booleans.', type: ProblemResponseDto })
  async trainModel(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: TrainModelDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TrainingJobDto> {
    const job = await this.training.start(caller, body);
    response.location(`/api/models/jobs/${job.id}`);
    return toTrainingJob(job);
  }

  @Get('jobs/:id')
  @Access('administrator')
  @ApiOperation({
    summary: 'Training job status',
    description:
      'Status (queued, running, succeeded, failed), progress, the version trained, whether it was activated, and the outcome in words. Roles: administrator.',
  })
  @ApiOkResponse({ type: TrainingJobDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID.', type: ProblemResponseDto })
  @ApiNotFoundResponse({ description: 'No such job.', type: ProblemResponseDto })
  async getTrainingJob(@Param() params: TrainingJobParamDto): Promise<TrainingJobDto> {
    return toTrainingJob(await this.training.find(params.id));
  }

  @Post(':version/activate')
  @HttpCode(200)
  @Access('administrator')
  @ApiOperation({
    summary: 'Activate a model version',
    description:
      'Makes the version the one every prediction uses, without a restart: this instance switches at once (calls in flight finish on the previous model), ' +
      'other instances within MODEL_REFRESH_SECONDS. The model is proven first (loaded with onnxruntime, checked against its card, and run on probe students covering every factor value: outputs finite, in range and equal to its trees); one that fails is a 422 `model_invalid` and nothing changes. ' +
      'Activating the active version changes nothing. Audited. Roles: administrator.',
  })
  @ApiOkResponse({ type: ModelSummaryDto })
  @ApiBadRequestResponse({ description: 'Malformed version.', type: ProblemResponseDto })
  @ApiNotFoundResponse({
    description: 'No such version (`model_not_found`).',
    type: ProblemResponseDto,
  })
  @ApiUnprocessableEntityResponse({
    description: 'The stored model cannot be served (`model_invalid`).',
    type: ProblemResponseDto,
  })
  async activateModel(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: ModelVersionParamDto,
  ): Promise<ModelSummaryDto> {
    return this.models.activate({ id: caller.id, role: caller.role }, params.version);
  }
}

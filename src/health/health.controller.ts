import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { PublicAccess } from '../common/decorators/access.decorator';
import { DatabaseHealthIndicator } from './database-health.indicator';
import { ReadinessProblemDto } from './dto/readiness-problem.dto';
import { NotReadyError } from './health.errors';
import { ModelHealthIndicator } from './model-health.indicator';

@ApiTags('Health')
@SkipThrottle()
@PublicAccess()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly model: ModelHealthIndicator,
  ) {}

  @Get('live')
  @ApiOperation({
    summary: 'Liveness',
    description: 'The process is up. Public; not rate-limited.',
  })
  @HealthCheck()
  checkLiveness(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness',
    description:
      'The database answers and a prediction model is served. 503 when either is not. Public; not rate-limited. ' +
      'The `model` check: `{ status: "up", version }` when the active model is served; ' +
      '`{ status: "up", version, active, degraded: true, error, since }` when the active version cannot be served (it failed its proof: `error` says why, `since` when) ' +
      'and this instance keeps serving the last good model it loaded (`version`), still ready; ' +
      '`{ status: "down", message, active, since }` when no model can be served (e.g. no model is active and the shipped model in MODEL_DIR is invalid, or the active version cannot be loaded and none was before). ' +
      'Each check of readiness also checks the active version (at most every MODEL_REFRESH_SECONDS), so an instance becomes ready without a restart once a good model is active.',
  })
  @ApiServiceUnavailableResponse({
    type: ReadinessProblemDto,
    description:
      '`not_ready`: a check is down; `checks` gives each check’s state and the detail names the failed ones with their reason.',
  })
  @HealthCheck()
  async checkReadiness(): Promise<HealthCheckResult> {
    try {
      return await this.readinessChecks();
    } catch (error: unknown) {
      if (error instanceof ServiceUnavailableException) {
        throw new NotReadyError(error.getResponse() as HealthCheckResult);
      }
      throw error;
    }
  }

  private readinessChecks(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.ping('database'),
      () => this.model.isLoaded('model'),
    ]);
  }
}

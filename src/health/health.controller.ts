import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { PublicAccess } from '../common/decorators/access.decorator';
import { ModelHealthIndicator } from './model-health.indicator';

@ApiTags('Health')
@SkipThrottle()
@PublicAccess()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
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
      'The database answers and the prediction model is loaded. 503 when either is not. Public; not rate-limited.',
  })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down.' })
  @HealthCheck()
  checkReadiness(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2000 }),
      () => this.model.isLoaded('model'),
    ]);
  }
}

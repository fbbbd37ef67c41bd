import { Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ModelStatusProvider } from '../predictions/model-status.provider';

/**
 * The `model` check of readiness:
 * - `{ status: 'up', version }`: the active model is served;
 * - `{ status: 'up', version, active, degraded: true, error, since }`: the active version
 *   cannot be served (`error` says why), so the last good model (`version`) still is;
 * - `{ status: 'down', message, active, since }`: no model can be served (503).
 */
@Injectable()
export class ModelHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Optional() private readonly status?: ModelStatusProvider,
  ) {}

  async isLoaded(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    if (!this.status) return indicator.up({ note: 'no prediction module' });
    const { serving, active, problem, since } = await this.status.modelStatus();
    if (serving && !problem) return indicator.up({ version: serving });
    if (serving) {
      return indicator.up({
        version: serving,
        active: active ?? null,
        degraded: true,
        error: problem,
        since,
      });
    }
    return indicator.down({
      message: `no prediction model can be served: ${problem ?? 'model not loaded'}`,
      active: active ?? null,
      since,
    });
  }
}

import { Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ModelStatusProvider } from './model-status.provider';

/** Ready only once the active prediction model is loaded. */
@Injectable()
export class ModelHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Optional() private readonly status?: ModelStatusProvider,
  ) {}

  isLoaded(key: string): HealthIndicatorResult {
    const indicator = this.indicators.check(key);
    const version = this.status?.loadedModelVersion();
    if (!this.status) return indicator.up({ note: 'no prediction module' });
    return version ? indicator.up({ version }) : indicator.down({ message: 'model not loaded' });
  }
}

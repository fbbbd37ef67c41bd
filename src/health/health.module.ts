import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PredictionsModule } from '../predictions/predictions.module';
import { DatabaseHealthIndicator } from './database-health.indicator';
import { HealthController } from './health.controller';
import { ModelHealthIndicator } from './model-health.indicator';

@Module({
  // PredictionsModule provides the ModelStatusProvider the model indicator reads.
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), PredictionsModule],
  controllers: [HealthController],
  providers: [DatabaseHealthIndicator, ModelHealthIndicator],
})
export class HealthModule {}

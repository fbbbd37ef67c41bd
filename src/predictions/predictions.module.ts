import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ModelStatusProvider } from './model-status.provider';
import { StudentsModule } from '../students/students.module';
import { ModelRegistry } from './model-registry.service';
import { ModelsController } from './models.controller';
import { ModelsRepository } from './models.repository';
import { ModelsService } from './models.service';
import { PredictionInputs } from './prediction-inputs';
import { PredictionListeners } from './prediction-listeners.service';
import { PredictionsPrivacyService } from './predictions-privacy.service';
import { PredictionsRepository } from './predictions.repository';
import { PredictionsController } from './predictions.controller';
import { PredictionsService } from './predictions.service';
import { RecommendationsController } from './recommendations.controller';
import { RecommendationsRepository } from './recommendations.repository';
import { TrainingJobsRepository } from './training-jobs.repository';
import { RecommendationsService } from './recommendations.service';
import { TrainingService } from './training.service';

/**
 * Exam-score predictions (`/api/predictions`), recommendations
 * (`/api/students/{id}/recommendations`) and model versions (`/api/models`) around the ONNX
 * model library in `ml/`. Provides the ModelStatusProvider the readiness check reads, and
 * PredictionListeners, where other modules register to hear of stored predictions.
 * A batch of predictions stores its rows, and its listeners write theirs, in one
 * `@Transactional(HEAVY_DATA_SOURCE)` transaction on the heavy pool (registered by the database
 * module).
 */
@Module({
  imports: [AuditModule, StudentsModule],
  controllers: [PredictionsController, RecommendationsController, ModelsController],
  providers: [
    ModelRegistry,
    { provide: ModelStatusProvider, useExisting: ModelRegistry },
    PredictionsService,
    RecommendationsService,
    ModelsService,
    TrainingService,
    PredictionListeners,
    PredictionsPrivacyService,
    PredictionsRepository,
    RecommendationsRepository,
    ModelsRepository,
    PredictionInputs,
    TrainingJobsRepository,
  ],
  exports: [
    ModelRegistry,
    ModelStatusProvider,
    PredictionsService,
    PredictionListeners,
    PredictionsPrivacyService,
  ],
})
export class PredictionsModule {}

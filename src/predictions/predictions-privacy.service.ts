import { Injectable } from '@nestjs/common';
import type { Prediction } from './entities/prediction.entity';
import type { Recommendation } from './entities/recommendation.entity';
import { PredictionsRepository } from './predictions.repository';
import { RecommendationsRepository } from './recommendations.repository';

/**
 * What the predictions module holds about one student, for the privacy export and erasure,
 * read in the current transaction.
 */
@Injectable()
export class PredictionsPrivacyService {
  constructor(
    private readonly predictions: PredictionsRepository,
    private readonly recommendations: RecommendationsRepository,
  ) {}

  /** The student's predictions and recommendations, newest first. */
  async heldAbout(
    studentProfileId: string,
  ): Promise<{ predictions: Prediction[]; recommendations: Recommendation[] }> {
    // One after another: a transaction is one connection, one query at a time.
    const predictions = await this.predictions.allOfStudent(studentProfileId);
    const recommendations = await this.recommendations.allOfStudent(studentProfileId);
    return { predictions, recommendations };
  }

  /** How many rows the erasure of the profile removes here (they go by foreign-key cascade). */
  async countAbout(
    studentProfileId: string,
  ): Promise<{ predictions: number; recommendations: number }> {
    const predictions = await this.predictions.countOfStudent(studentProfileId);
    const recommendations = await this.recommendations.countOfStudent(studentProfileId);
    return { predictions, recommendations };
  }
}

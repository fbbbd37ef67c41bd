import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Prediction } from './entities/prediction.entity';
import { Recommendation } from './entities/recommendation.entity';

/** What the predictions module holds about one student, for the privacy export and erasure. */
@Injectable()
export class PredictionsPrivacyService {
  /** The student's predictions and recommendations, newest first, read in `manager`. */
  async heldAbout(
    studentProfileId: string,
    manager: EntityManager,
  ): Promise<{ predictions: Prediction[]; recommendations: Recommendation[] }> {
    const where = { studentProfileId };
    // One after another: the manager's transaction is one connection, one query at a time.
    const predictions = await manager.find(Prediction, {
      where,
      order: { predictionDate: 'DESC' },
    });
    const recommendations = await manager.find(Recommendation, {
      where,
      order: { createdAt: 'DESC' },
    });
    return { predictions, recommendations };
  }

  /** How many rows the erasure of the profile removes here (they go by foreign-key cascade). */
  async countAbout(
    studentProfileId: string,
    manager: EntityManager,
  ): Promise<{ predictions: number; recommendations: number }> {
    const where = { studentProfileId };
    const predictions = await manager.countBy(Prediction, where);
    const recommendations = await manager.countBy(Recommendation, where);
    return { predictions, recommendations };
  }
}

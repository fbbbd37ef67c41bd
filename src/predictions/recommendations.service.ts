import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import { StudentsService } from '../students/students.service';
import { StudentRecommendationsResponseDto } from './dto/student-recommendations-response.dto';
import { toRecommendation } from './dto/to-recommendation';
import { round } from './dto/to-prediction-result';
import type { Recommendation } from './entities/recommendation.entity';
import { ModelRegistry } from './model-registry.service';
import { withUsableFactors } from './predictions.errors';
import type { Recommendation as ModelRecommendation } from './ml';
import { recommendationMessage, selectRecommendations } from './recommendation-selection';
import { RecommendationsRepository } from './recommendations.repository';
import { profileFactors } from './student-factors.mapper';

/** Gains below this (points) are noise, not advice. */
const MIN_GAIN = 0.01;

/**
 * Improvement suggestions: the model scores every applicable change to an actionable factor
 * (never an immutable one); the best per factor are stored as the student's active
 * recommendations, superseding the previous ones in the same transaction.
 */
@Injectable()
export class RecommendationsService {
  constructor(
    private readonly recommendations: RecommendationsRepository,
    private readonly registry: ModelRegistry,
    private readonly students: StudentsService,
  ) {}

  async recommend(
    caller: AuthenticatedUser,
    studentId: string,
  ): Promise<StudentRecommendationsResponseDto> {
    const profile = await this.students.findAccessible(caller, studentId);
    const factors = profileFactors(profile);
    const { version, baseline, recommendations } = await this.registry.use(async (model) => ({
      version: model.version,
      ...(await withUsableFactors(`student ${profile.studentId}`, () =>
        model.recommend(factors, { minGain: MIN_GAIN }),
      )),
    }));
    const chosen = selectRecommendations(recommendations);
    const saved = await this.replaceActive(caller, studentId, chosen, version);
    return {
      student_id: profile.studentId,
      model_version: version,
      predicted_score: round(baseline, 2),
      recommendations: saved.map(toRecommendation),
    };
  }

  /** Supersedes the student's active set by `chosen`, in one transaction. */
  @Transactional()
  private async replaceActive(
    caller: AuthenticatedUser,
    studentId: string,
    chosen: readonly ModelRecommendation[],
    version: string,
  ): Promise<Recommendation[]> {
    // The profile row lock serialises concurrent refreshes of the same student's set.
    const locked = await this.students.findAccessible(caller, studentId, { lock: true });
    await this.recommendations.supersedeActive(locked.id);
    return this.recommendations.insertActive(
      chosen.map((r, i) => {
        const gain = round(r.expectedGain, 2);
        return {
          studentProfileId: locked.id,
          predictionId: null,
          factor: r.factor,
          currentValue: r.from,
          suggestedValue: r.to,
          expectedGain: gain,
          message: recommendationMessage(r, gain),
          priority: i + 1,
          modelVersion: version,
        };
      }),
    );
  }
}

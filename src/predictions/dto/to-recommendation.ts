import type { Recommendation } from '../entities/recommendation.entity';
import type { RecommendationDto } from './recommendation.dto';

export function toRecommendation(r: Recommendation): RecommendationDto {
  return {
    id: r.id,
    factor: r.factor,
    current_value: r.currentValue as RecommendationDto['current_value'],
    suggested_value: r.suggestedValue as RecommendationDto['suggested_value'],
    expected_gain: r.expectedGain,
    message: r.message,
    priority: r.priority,
    status: r.status,
    model_version: r.modelVersion,
    created_at: r.createdAt.toISOString(),
  };
}

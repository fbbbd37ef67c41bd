import type { MlModel } from '../entities/ml-model.entity';
import type { ModelSummaryDto } from './model-summary.dto';
import type { RegressionMetricsDto } from './regression-metrics.dto';

/** The headline metrics stored with a model row: the forest's held-out figures, if any. */
export function headlineMetrics(metrics: Record<string, unknown>): RegressionMetricsDto | null {
  const m = metrics as Partial<RegressionMetricsDto>;
  if (typeof m.mae !== 'number' || typeof m.rmse !== 'number' || typeof m.n !== 'number') {
    return null;
  }
  return { n: m.n, r2: m.r2 ?? null, mae: m.mae, rmse: m.rmse, bias: m.bias ?? 0 };
}

export function toModelSummary(m: Omit<MlModel, 'onnx' | 'card'>): ModelSummaryDto {
  return {
    version: m.version,
    algorithm: m.algorithm,
    status: m.status,
    is_active: m.isActive,
    metrics: headlineMetrics(m.metrics),
    training_rows: m.trainingRows,
    file_hash: m.fileHash,
    trained_by: m.trainedBy,
    created_at: m.createdAt.toISOString(),
    activated_at: m.activatedAt ? m.activatedAt.toISOString() : null,
  };
}

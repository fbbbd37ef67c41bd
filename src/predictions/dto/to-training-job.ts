import type { TrainingJob } from '../entities/training-job.entity';
import type { TrainingJobDto } from './training-job.dto';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toTrainingJob(j: TrainingJob): TrainingJobDto {
  return {
    id: j.id,
    status: j.status,
    progress: j.progress,
    force: j.force,
    activate: j.activate,
    model_version: j.modelVersion,
    activated: j.activated,
    message: j.message,
    requested_by: j.requestedBy,
    created_at: j.createdAt.toISOString(),
    started_at: iso(j.startedAt),
    finished_at: iso(j.finishedAt),
  };
}

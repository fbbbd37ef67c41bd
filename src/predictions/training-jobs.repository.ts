import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { In, LessThan } from 'typeorm';
import type { MainTransactionHost } from '../database/transactions';
import { TrainingJob } from './entities/training-job.entity';
import { TRAINING_JOB_LOCK } from './model-locks';

/** A job to queue. */
export type NewTrainingJob = Pick<TrainingJob, 'requestedBy' | 'force' | 'activate' | 'params'>;

/** What a running job writes of its state. */
export type TrainingJobChanges = Partial<
  Pick<
    TrainingJob,
    'status' | 'progress' | 'modelVersion' | 'activated' | 'message' | 'startedAt' | 'finishedAt'
  >
>;

const UNFINISHED = In(['queued', 'running']);

/** The predictions module's only access to `training_jobs`, in the current transaction. */
@Injectable()
export class TrainingJobsRepository {
  constructor(@InjectTransactionHost() private readonly txHost: MainTransactionHost) {}

  /** Makes concurrent queuing of jobs run one after the other, until the transaction ends. */
  async lockQueue(): Promise<void> {
    await this.txHost.tx.query('SELECT pg_advisory_xact_lock($1)', [TRAINING_JOB_LOCK]);
  }

  /** Fails the unfinished jobs created before `before` (lost with their server). */
  async failAbandoned(before: Date, message: string): Promise<void> {
    await this.txHost.tx
      .getRepository(TrainingJob)
      .update(
        { status: UNFINISHED, createdAt: LessThan(before) },
        { status: 'failed', message, finishedAt: new Date() },
      );
  }

  /** The ids of the queued or running jobs, oldest first. */
  async unfinishedIds(): Promise<string[]> {
    const jobs = await this.txHost.tx.getRepository(TrainingJob).find({
      where: { status: UNFINISHED },
      select: { id: true },
      order: { createdAt: 'ASC' },
    });
    return jobs.map((job) => job.id);
  }

  /** Inserts a queued job; returns it as stored. */
  insertQueued(job: NewTrainingJob): Promise<TrainingJob> {
    const repository = this.txHost.tx.getRepository(TrainingJob);
    return repository.save(repository.create({ ...job, status: 'queued' }));
  }

  find(id: string): Promise<TrainingJob | null> {
    return this.txHost.tx.getRepository(TrainingJob).findOneBy({ id });
  }

  async update(id: string, changes: TrainingJobChanges): Promise<void> {
    await this.txHost.tx.getRepository(TrainingJob).update({ id }, changes);
  }

  /** Writes the progress of a job still running. */
  async updateProgress(id: string, progress: number): Promise<void> {
    await this.txHost.tx.getRepository(TrainingJob).update({ id, status: 'running' }, { progress });
  }
}

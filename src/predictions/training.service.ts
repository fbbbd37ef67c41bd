import { Transactional } from '@nestjs-cls/transactional';
import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { auditContextOf, AuditRequestContext } from '../audit/audit-context';
import type { AuditActor } from '../audit/audit-entry';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import { RequestContext } from '../common/request-context/request-context';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { HeavyWorkLimiter } from '../database/heavy-work-limiter';
import { TrainModelDto } from './dto/train-model.dto';
import type { TrainingJob } from './entities/training-job.entity';
import {
  LabelledStudent,
  StudentScoreModel,
  TrainedModel,
  trainModelInWorker,
  TrainingProgress,
} from './ml';
import { ModelRegistry } from './model-registry.service';
import { ModelsService } from './models.service';
import { PredictionInputs } from './prediction-inputs';
import { ModelInvalidError, TrainingJobNotFoundError } from './predictions.errors';
import { TrainingJobsRepository } from './training-jobs.repository';

/** A job still queued or running this long after it was created was lost with its server. */
const ABANDONED_AFTER_MS = 30 * 60 * 1000;
/** How long shutdown waits for a running job to finish. */
const SHUTDOWN_WAIT_MS = 60 * 1000;

/** Why a job failed, in words for the job's message (not a server error). */
class TrainingRefused extends Error {}

/** Mean absolute error of predictions against actual scores. */
export function meanAbsoluteError(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += Math.abs(predicted[i] - actual[i]);
  return sum / actual.length;
}

/** The decision of a training job on its new model. */
export interface ActivationDecision {
  activate: boolean;
  reason: string;
}

/**
 * Whether a newly trained model replaces the active one: only when activation was requested,
 * and then when forced, when there is no active model to compare with, or when its held-out
 * error is not worse than the active model's on the same rows.
 */
export function decideActivation(input: {
  requested: boolean;
  force: boolean;
  newMae: number | null;
  active: { version: string; mae: number | null } | null;
  rows: number;
}): ActivationDecision {
  const { requested, force, newMae, active, rows } = input;
  const fmt = (v: number): string => v.toFixed(4);
  const comparison =
    active && newMae !== null && active.mae !== null
      ? `held-out MAE ${fmt(newMae)} vs ${fmt(active.mae)} for the active model ${active.version} on the same ${rows} students`
      : null;
  if (!requested) {
    return {
      activate: false,
      reason: `not activated (not requested)${comparison ? `; ${comparison}` : ''}`,
    };
  }
  if (force)
    return { activate: true, reason: `activated (forced)${comparison ? `; ${comparison}` : ''}` };
  if (!active) return { activate: true, reason: 'activated (no model was active)' };
  if (newMae === null || active.mae === null || comparison === null) {
    return { activate: false, reason: 'not activated: no held-out rows to compare the models on' };
  }
  return newMae <= active.mae
    ? { activate: true, reason: `activated: not worse; ${comparison}` }
    : { activate: false, reason: `not activated: worse than the active model; ${comparison}` };
}

/**
 * Training runs requested through the API: a job row tracks each; the model is trained on a
 * worker thread (the event loop keeps serving) from every student with an exam score; the new
 * model is stored, and activated only when it is not worse than the active model on the new
 * model's held-out students (unless forced). At most MAX_CONCURRENT_TRAININGS unfinished jobs
 * across all instances (heavy work: refused at once with a 429 past it); the students are read
 * on the heavy-work pool.
 */
@Injectable()
export class TrainingService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(TrainingService.name);
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly jobs: TrainingJobsRepository,
    private readonly context: RequestContext,
    private readonly limiter: HeavyWorkLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: ModelRegistry,
    private readonly models: ModelsService,
    private readonly audit: AuditService,
    private readonly inputs: PredictionInputs,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    if (this.running.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, SHUTDOWN_WAIT_MS);
      timer.unref();
    });
    await Promise.race([Promise.allSettled([...this.running.values()]), timeout]);
    clearTimeout(timer);
  }

  /**
   * Queues a job and starts it in the background. Refused (429, HeavyWorkLimitError) while
   * MAX_CONCURRENT_TRAININGS jobs are unfinished: on this instance, or across all of them.
   */
  async start(caller: AuthenticatedUser, dto: TrainModelDto): Promise<TrainingJob> {
    const lease = this.limiter.admit('training');
    let job: TrainingJob;
    try {
      job = await this.queue(caller, dto);
    } catch (error: unknown) {
      lease.release();
      throw error;
    }
    const actor: AuditActor = { id: caller.id, role: caller.role };
    // The run outlives the request: it keeps where the request came from for its audit rows.
    const context = auditContextOf(this.context);
    const run = this.run(job, actor, {
      ip_address: context.ipAddress,
      user_agent: context.userAgent,
      request_id: context.requestId,
    }).finally(() => {
      this.running.delete(job.id);
      lease.release();
    });
    this.running.set(job.id, run);
    return job;
  }

  /** The new job row, unless the unfinished jobs of all instances already reach the limit. */
  @Transactional()
  private async queue(caller: AuthenticatedUser, dto: TrainModelDto): Promise<TrainingJob> {
    await this.jobs.lockQueue();
    await this.jobs.failAbandoned(
      new Date(Date.now() - ABANDONED_AFTER_MS),
      'Abandoned: the server running it stopped before it finished.',
    );
    const unfinished = await this.jobs.unfinishedIds();
    const limit = this.limiter.limit('training');
    if (unfinished.length >= limit) {
      throw this.limiter.refusal(
        'training',
        `Training job ${unfinished[0]} is still queued or running (at most ${limit} at once across the service); wait for it to finish.`,
        { job_id: unfinished[0] },
      );
    }
    const created = await this.jobs.insertQueued({
      requestedBy: caller.id,
      force: dto.force ?? false,
      activate: dto.activate ?? true,
      params: { min_training_rows: this.config.modelMinTrainingRows },
    });
    await this.audit.record({
      actor: { id: caller.id, role: caller.role },
      action: 'model.training_requested',
      target_type: 'training_job',
      target_id: created.id,
      details: { force: created.force, activate: created.activate },
    });
    return created;
  }

  async find(id: string): Promise<TrainingJob> {
    const job = await this.jobs.find(id);
    if (!job) throw new TrainingJobNotFoundError(id);
    return job;
  }

  /** Never rejects: every outcome ends in the job row. */
  private async run(
    job: TrainingJob,
    actor: AuditActor,
    context: AuditRequestContext,
  ): Promise<void> {
    try {
      await this.jobs.update(job.id, { status: 'running', startedAt: new Date() });
      const rows = await this.inputs.labelledStudents();
      const minimum = this.config.modelMinTrainingRows;
      if (rows.length < minimum) {
        throw new TrainingRefused(
          `Not enough data: training needs at least ${minimum} students with an exam score, the database has ${rows.length}.`,
        );
      }
      const trained = await trainModelInWorker(
        rows,
        { dataSource: `student_profiles with an exam score (${rows.length} students)` },
        this.progressReporter(job.id),
      );
      const outcome = await this.evaluateAndStore(job, actor, context, rows, trained);
      await this.jobs.update(job.id, {
        status: 'succeeded',
        progress: 1,
        modelVersion: trained.version,
        activated: outcome.activated,
        message: outcome.message,
        finishedAt: new Date(),
      });
    } catch (error: unknown) {
      const refused = error instanceof TrainingRefused;
      if (!refused) this.logger.error({ err: error, jobId: job.id }, 'Training job failed');
      const reason = error instanceof Error ? error.message : String(error);
      await this.jobs
        .update(job.id, {
          status: 'failed',
          activated: false,
          message: refused ? reason : `Training failed: ${reason}`,
          finishedAt: new Date(),
        })
        .catch((e: unknown) =>
          this.logger.error({ err: e, jobId: job.id }, 'Could not record a failed training job'),
        );
    }
  }

  /**
   * Loads and proves the new model (the same proof as serving it: onnxruntime, probe students,
   * and its held-out error must be the one its card states), compares it with the active model
   * on the new model's held-out students, stores it, and activates it if decided. A model that
   * fails its proof is not stored: the job fails saying why.
   */
  private async evaluateAndStore(
    job: TrainingJob,
    actor: AuditActor,
    context: AuditRequestContext,
    rows: readonly LabelledStudent[],
    trained: TrainedModel,
  ): Promise<{ activated: boolean; message: string }> {
    const candidate: StudentScoreModel = await this.registry.loadBytes(
      trained.version,
      trained.onnx,
      trained.card,
    );
    let handedOver = false;
    try {
      const { newMae, active, decision } = await this.judge(job, candidate, trained, rows);
      const { created } = await this.models.store(trained, actor.id, candidate);
      await this.audit.record({
        actor,
        action: 'model.trained',
        target_type: 'model',
        target_id: trained.version,
        details: {
          job_id: job.id,
          rows: rows.length,
          created,
          held_out_mae: newMae,
          active_version: active?.version ?? null,
          active_mae: active?.mae ?? null,
          decision: decision.reason,
        },
        request: context,
      });
      const stored = created
        ? `stored as ${trained.version}`
        : `identical to the stored ${trained.version}`;
      if (!decision.activate) {
        return {
          activated: active?.version === trained.version,
          message: `${stored}; ${decision.reason}`,
        };
      }
      await this.models.activate(actor, trained.version, {
        preloaded: candidate,
        details: { job_id: job.id, reason: decision.reason },
        context,
      });
      handedOver = true;
      return { activated: true, message: `${stored}; ${decision.reason}` };
    } finally {
      if (!handedOver) await candidate.release();
    }
  }

  /**
   * The candidate's MAE through onnxruntime on its held-out students (null when none), which
   * must be the one its card states (a model that disagrees with its card is invalid), the
   * active model's on the same students, and the activation decision.
   */
  private async judge(
    job: TrainingJob,
    candidate: StudentScoreModel,
    trained: TrainedModel,
    rows: readonly LabelledStudent[],
  ) {
    const heldOut = trained.heldOutRows.map((i) => rows[i]);
    const factors = heldOut.map((r) => r.factors);
    const actual = heldOut.map((r) => r.examScore);
    const newMae =
      heldOut.length > 0
        ? meanAbsoluteError((await candidate.predict(factors)).mean, actual)
        : null;
    // The card's held-out error was measured on the same students with the embedded trees.
    const stated = trained.card.metrics.heldOut?.forest.mae;
    if (newMae !== null && stated !== undefined && !(Math.abs(newMae - stated) <= 1e-3)) {
      throw new ModelInvalidError(
        trained.version,
        `its held-out MAE through onnxruntime is ${newMae.toFixed(4)}, its card states ${stated}`,
      );
    }
    const active = await this.activeModelError(factors, actual);
    const decision = decideActivation({
      requested: job.activate,
      force: job.force,
      newMae,
      active,
      rows: heldOut.length,
    });
    return { newMae, active, decision };
  }

  /** The active model's MAE on the given students (null when no model is loaded). */
  private async activeModelError(
    factors: LabelledStudent['factors'][],
    actual: number[],
  ): Promise<{ version: string; mae: number | null } | null> {
    if (this.registry.loadedModelVersion() === undefined) return null;
    return this.registry.use(async (model) => ({
      version: model.version,
      mae:
        factors.length > 0 ? meanAbsoluteError((await model.predict(factors)).mean, actual) : null,
    }));
  }

  /** Writes the job's progress at most every 10 % (training reports every tree). */
  private progressReporter(jobId: string): (p: TrainingProgress) => void {
    let reported = 0;
    return (p) => {
      const progress = Math.min(0.95, (0.95 * p.done) / p.total);
      if (progress - reported < 0.1) return;
      reported = progress;
      void this.jobs
        .updateProgress(jobId, Number(progress.toFixed(2)))
        .catch((error: unknown) =>
          this.logger.warn({ err: error, jobId }, 'Could not record training progress'),
        );
    };
  }
}

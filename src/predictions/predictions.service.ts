import { randomUUID } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import { InjectTransactionHost, Transactional, TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ValidationFailedError } from '../common/errors/validation-failed.error';
import { Page, toPage } from '../common/pagination/page';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { HEAVY_DATA_SOURCE } from '../database/heavy-data-source';
import { HeavyWorkLimiter } from '../database/heavy-work-limiter';
import { StudentsService } from '../students/students.service';
import { BATCH_SLICE_SIZE, batchChunks, chunks } from './batch-chunks';
import { BatchPredictionJson } from './dto/batch-prediction-json';
import { EstimateFactorsDto } from './dto/estimate-factors.dto';
import { FactorChangesDto } from './dto/factor-changes.dto';
import { PredictionHistoryItemDto } from './dto/prediction-history-item.dto';
import { PredictionResultDto } from './dto/prediction-result.dto';
import { StudentPredictionDto } from './dto/student-prediction.dto';
import { round, toPredictionResult } from './dto/to-prediction-result';
import { toPredictionHistoryItem, toStudentPrediction } from './dto/to-student-prediction';
import { WhatIfResponseDto } from './dto/what-if-response.dto';
import { WhatIfDto } from './dto/what-if.dto';
import {
  DEFAULT_TRAINING_PARAMS,
  FactorName,
  FEATURE_NAMES,
  StudentFactors,
  StudentScoreModel,
} from './ml';
import { ModelRegistry } from './model-registry.service';
import { ModelsRepository } from './models.repository';
import { PredictionInputs, StudentFactorsRow } from './prediction-inputs';
import { PredictionListeners } from './prediction-listeners.service';
import {
  NewPrediction,
  PredictionBatchWriter,
  predictionCopyLines,
  PredictionStamp,
  toStoredPrediction,
} from './prediction-store';
import { PredictionsRepository } from './predictions.repository';
import { withUsableFactors } from './predictions.errors';
import type { StoredPrediction } from './stored-prediction';
import { profileFactors } from './student-factors.mapper';

/** Factors in the top-factor list of every prediction. */
const TOP_FACTORS = 5;

/** A chunk of a batch ready to store: its rows in COPY text, and what the listeners are told. */
interface BatchChunk {
  copyText: string;
  stored: StoredPrediction[];
}

/**
 * The rows of the requested `ids`, in their order; ids without a row go to `notFound`, as
 * requested. A row is found by the id it was requested by (in any case).
 */
function inRequestOrder(
  ids: readonly string[],
  rows: readonly StudentFactorsRow[],
  notFound: string[],
): StudentFactorsRow[] {
  const byStudentId = new Map(rows.map((r) => [r.requestedId, r]));
  const found: StudentFactorsRow[] = [];
  for (const id of ids) {
    const row = byStudentId.get(id);
    if (row) found.push(row);
    else notFound.push(id);
  }
  return found;
}

/**
 * Predictions: computed with the active model, stored with the model version and the factors
 * they were made from (single and batch), or computed without storing (what-if, estimate).
 * Access to a student is "as GET profile": staff any, a student only their own (else 404).
 */
@Injectable()
export class PredictionsService {
  constructor(
    // A batch runs in a transaction of the heavy pool (see runBatch).
    @InjectTransactionHost(HEAVY_DATA_SOURCE)
    private readonly heavyTx: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly limiter: HeavyWorkLimiter,
    private readonly registry: ModelRegistry,
    private readonly students: StudentsService,
    private readonly listeners: PredictionListeners,
    private readonly predictions: PredictionsRepository,
    private readonly models: ModelsRepository,
    private readonly inputs: PredictionInputs,
  ) {}

  async predictStudent(
    caller: AuthenticatedUser,
    studentId: string,
  ): Promise<StudentPredictionDto> {
    const profile = await this.students.findAccessible(caller, studentId);
    const factors = profileFactors(profile);
    const [result] = await this.registry.use((model) =>
      this.assess(model, [factors], `student ${profile.studentId}`),
    );
    const id = randomUUID();
    const date = new Date();
    await this.store([{ id, studentProfileId: profile.id, result, factors }], {
      requestedBy: caller.id,
      date,
    });
    return toStudentPrediction(profile.studentId, id, date, result);
  }

  /**
   * Predicts up to 10,000 students: per chunk of ids (500 first, then 2,000: batchChunks) one
   * query and one inference per slice of BATCH_SLICE_SIZE, and all predictions stored in one
   * transaction (one COPY and one alert evaluation per chunk). The work overlaps: while a chunk
   * is predicted, the next chunk is read and the previous one written.
   * Heavy work: admitted at once or refused with a 429 (HeavyWorkLimiter), and run on one
   * connection of the heavy pool, reads and writes in the same transaction. Answers with the
   * BatchPredictionResponseDto as JSON text (see BatchPredictionJson).
   */
  async predictBatch(caller: AuthenticatedUser, studentIds: readonly string[]): Promise<string> {
    return this.limiter.run('batch_prediction', () => this.runBatch(caller, studentIds));
  }

  /**
   * The predictions stored and the listeners (alert evaluation) told of them, in one
   * transaction: what they write commits or rolls back with the predictions.
   */
  @Transactional()
  private async store(
    predictions: readonly NewPrediction[],
    stamp: PredictionStamp,
  ): Promise<void> {
    await this.predictions.insert(predictions, stamp);
    await this.listeners.predictionsStored(predictions.map(toStoredPrediction));
  }

  /** A chunk of a batch: its COPY, then the listeners, in the batch's transaction. */
  private async storeChunk(chunk: BatchChunk): Promise<void> {
    await this.predictions.copyInBatch(chunk.copyText);
    await this.listeners.predictionsStored(chunk.stored);
  }

  /**
   * The whole batch in one transaction on one connection of the heavy pool: its slot, its
   * reads, its COPYs and alert evaluations. A chunk in flight is waited for before the
   * transaction ends, either way; the batch's own error is the answer, never a failed rollback
   * on the same lost connection (the transaction ignores the rollback's).
   */
  @Transactional(HEAVY_DATA_SOURCE)
  private async runBatch(
    caller: AuthenticatedUser,
    studentIds: readonly string[],
  ): Promise<string> {
    const stamp: PredictionStamp = { requestedBy: caller.id, date: new Date() };
    const writer = new PredictionBatchWriter<BatchChunk>((chunk) => this.storeChunk(chunk));
    try {
      await this.limiter.claimClusterSlot('batch_prediction', this.heavyTx.tx);
      const response = await this.registry.use((model) =>
        this.predictChunks(model, batchChunks(studentIds), writer, stamp),
      );
      await writer.settle();
      return response;
    } catch (error: unknown) {
      await writer.drain();
      throw error;
    }
  }

  /**
   * Per chunk one read, and per slice of it one inference; while a chunk is predicted (and its
   * COPY text and its part of the answer's JSON made), the next one is read and the previous one
   * written (the queries queue on the batch's connection). Between slices the event loop takes
   * a turn, so that the previous chunk's COPY and alert evaluation move on meanwhile (see
   * BATCH_SLICE_SIZE).
   */
  private async predictChunks(
    model: StudentScoreModel,
    parts: readonly (readonly string[])[],
    writer: PredictionBatchWriter<BatchChunk>,
    stamp: PredictionStamp,
  ): Promise<string> {
    const read = (ids: readonly string[]): Promise<StudentFactorsRow[] | Error> =>
      this.inputs
        .factorsByStudentIds(ids)
        .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    const answer = new BatchPredictionJson();
    const notFound: string[] = [];
    const predict = (found: StudentFactorsRow[]): Promise<PredictionResultDto[]> =>
      this.assess(
        model,
        found.map((r) => r.factors),
        'a requested student',
      );
    let next = read(parts[0]);
    for (let k = 0; k < parts.length; k++) {
      const rows = await next;
      if (rows instanceof Error) {
        // A failed COPY before it makes the read fail too: report the COPY's error.
        await writer.settle();
        throw rows;
      }
      if (k + 1 < parts.length) next = read(parts[k + 1]);
      const copyText: string[] = [];
      const stored: StoredPrediction[] = [];
      for (const slice of chunks(inRequestOrder(parts[k], rows, notFound), BATCH_SLICE_SIZE)) {
        const results = await predict(slice);
        const made: Required<NewPrediction>[] = slice.map((row, i) => ({
          id: randomUUID(),
          studentProfileId: row.id,
          result: results[i],
          factors: row.factors,
          topFactorsJson: JSON.stringify(results[i].top_factors),
        }));
        copyText.push(predictionCopyLines(made, stamp));
        for (const p of made) stored.push(toStoredPrediction(p));
        answer.add(
          made.map((p, i) => ({
            studentId: slice[i].studentId,
            id: p.id,
            result: p.result,
            topFactorsJson: p.topFactorsJson,
          })),
          stamp.date,
        );
        // A turn of the event loop: the previous chunk's COPY and alert evaluation go on.
        await setImmediate();
      }
      await writer.write({ copyText: copyText.join(''), stored });
    }
    return answer.text(model.version, notFound);
  }

  /** The student as is and with `changes`, by the same model, in one inference; not stored. */
  async whatIf(caller: AuthenticatedUser, dto: WhatIfDto): Promise<WhatIfResponseDto> {
    const changes = presentChanges(dto.changes);
    if (Object.keys(changes).length === 0) {
      throw new ValidationFailedError([
        { field: 'changes', message: 'changes must give a new value for at least one factor' },
      ]);
    }
    const profile = await this.students.findAccessible(caller, dto.student_id);
    const baseFactors = profileFactors(profile);
    const scenarioFactors: StudentFactors = { ...baseFactors, ...changes };
    const [baseline, scenario] = await this.registry.use((model) =>
      this.assess(model, [baseFactors, scenarioFactors], `student ${profile.studentId}`),
    );
    return {
      student_id: profile.studentId,
      model_version: baseline.model_version,
      baseline,
      scenario,
      delta: round(scenario.predicted_score - baseline.predicted_score, 2),
      changed: FEATURE_NAMES.filter((name) => scenarioFactors[name] !== baseFactors[name]),
    };
  }

  /** A prediction for factors given in full, not stored. */
  async estimate(dto: EstimateFactorsDto): Promise<PredictionResultDto> {
    const factors = estimateFactors(dto);
    const [result] = await this.registry.use((model) =>
      this.assess(model, [factors], 'the given factors'),
    );
    return result;
  }

  /** Stored predictions of a student, newest first. */
  async history(
    caller: AuthenticatedUser,
    studentId: string,
    query: PaginationQueryDto,
  ): Promise<Page<PredictionHistoryItemDto>> {
    const profile = await this.students.findAccessible(caller, studentId);
    const [rows, total] = await this.predictions.pageOfStudent(
      profile.id,
      query.page,
      query.per_page,
    );
    const tolerances = await this.models.tolerances([...new Set(rows.map((r) => r.modelVersion))]);
    const tolerance = (version: string): number =>
      tolerances.get(version) ?? DEFAULT_TRAINING_PARAMS.tolerance;
    return toPage(
      rows.map((row) => toPredictionHistoryItem(profile.studentId, row, tolerance)),
      total,
      query.page,
      query.per_page,
    );
  }

  private async assess(
    model: StudentScoreModel,
    rows: StudentFactors[],
    subject: string,
  ): Promise<PredictionResultDto[]> {
    const assessed = await withUsableFactors(subject, () =>
      model.assess(rows, { topFactors: TOP_FACTORS }),
    );
    return assessed.map((a) => toPredictionResult(a));
  }
}

/** The factors present in a what-if change (class-transformer leaves absent ones undefined). */
export function presentChanges(changes: FactorChangesDto): Partial<StudentFactors> {
  const out: Record<string, unknown> = {};
  for (const name of FEATURE_NAMES) {
    const value = (changes as Record<FactorName, unknown>)[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** The 19 factors of an estimate request; unknown (omitted) nullable factors become null. */
export function estimateFactors(dto: EstimateFactorsDto): StudentFactors {
  const out: Record<string, unknown> = {};
  for (const name of FEATURE_NAMES) {
    out[name] = (dto as unknown as Record<FactorName, unknown>)[name] ?? null;
  }
  return out as unknown as StudentFactors;
}

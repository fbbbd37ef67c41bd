import * as fs from 'node:fs';
import * as path from 'node:path';
import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { ModelStatus, ModelStatusProvider } from './model-status.provider';
import {
  ACTIVE_POINTER_FILE,
  ModelCard,
  ModelValidationError,
  proveModel,
  readActiveModelFiles,
  RiskThresholds,
  StudentScoreModel,
} from './ml';
import { newModelRow } from './model-rows';
import { ModelsRepository } from './models.repository';
import {
  ModelInvalidError,
  ModelUnavailableError,
  ModelVersionNotFoundError,
} from './predictions.errors';

/** How long a readiness check waits for a model check before answering with what it knows. */
const STATUS_WAIT_MS = 2000;

interface LoadedModel {
  readonly model: StudentScoreModel;
  /** Calls running on this model; it is released only once they are done. */
  inFlight: number;
  retired: boolean;
  released: boolean;
}

/** A stored version that failed its proof, remembered so the same bytes are not tried again. */
interface LoadFailure {
  readonly version: string;
  /** md5 of the row's bytes and card when it failed: a changed row is tried again. */
  readonly fingerprint: string;
  readonly reason: string;
  readonly at: Date;
}

/** Why the model shipped in MODEL_DIR was not registered. */
interface ShippedFailure {
  /** The files' pointer text, sizes and times when they failed (undefined: unreadable). */
  readonly key: string | undefined;
  readonly reason: string;
  readonly at: Date;
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * The model every prediction uses, loaded once per instance from the `models` table (the ONNX
 * bytes live in the database, so all instances serve the same version). Every model is proven
 * (loaded with onnxruntime and run on probe students, `proveModel`) before it is stored,
 * activated or served.
 *
 * - At start, when no model is active, the model shipped in MODEL_DIR is proven, then
 *   registered and activated (under an advisory lock, insert-if-absent: safe when several
 *   instances start together). A shipped model that fails its proof is logged and not
 *   registered; the same files are not tried again until they change.
 * - Activation on this instance swaps the loaded model at once (`install`); the previous one is
 *   released when its in-flight calls finish.
 * - Other instances notice a switch by polling: before serving (and on readiness checks), an
 *   instance checks the active version with one indexed query at most every
 *   MODEL_REFRESH_SECONDS (default 5) and loads the new version when it differs. Polling needs
 *   no dedicated connection and survives database restarts.
 * - When the active version cannot be served (its proof fails), the instance keeps serving the
 *   last good model it loaded and reports the degradation in readiness; the failure is
 *   remembered with a fingerprint of the row, so the same bytes are not parsed again at every
 *   check, only once the row changes or another version becomes active.
 */
@Injectable()
export class ModelRegistry implements ModelStatusProvider, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ModelRegistry.name);
  private current: LoadedModel | undefined;
  private checkedAt = 0;
  private refreshing: Promise<void> | undefined;
  private closed = false;
  /** The active version at the last check (null: none; undefined: not read yet). */
  private activeVersion: string | null | undefined;
  private failure: LoadFailure | undefined;
  private shippedFailure: ShippedFailure | undefined;
  /** Why the last check did not complete (e.g. the database did not answer). */
  private checkError: { reason: string; at: Date } | undefined;
  /** The thresholds applied to every prediction (RISK_HIGH_BELOW, RISK_MEDIUM_BELOW). */
  readonly risk: RiskThresholds;

  constructor(
    private readonly models: ModelsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {
    this.risk = {
      highBelow: config.riskThresholds.high,
      mediumBelow: config.riskThresholds.medium,
    };
  }

  async onModuleInit(): Promise<void> {
    // The service starts either way (readiness reports the model) so an administrator can
    // still activate another version; predictions answer 503 until a model loads.
    await this.refreshIfStale();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    const current = this.current;
    this.current = undefined;
    if (current) {
      current.retired = true;
      await this.releaseIfIdle(current);
    }
  }

  loadedModelVersion(): string | undefined {
    return this.current?.model.version;
  }

  /** Readiness: checks the active version when the last check is stale, then reports. */
  async modelStatus(): Promise<ModelStatus> {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, STATUS_WAIT_MS);
      timer.unref();
    });
    await Promise.race([this.refreshIfStale(true), waited]);
    clearTimeout(timer);
    return this.status();
  }

  private status(): ModelStatus {
    const serving = this.current?.model.version;
    const active = this.activeVersion;
    const problem = this.problem(serving, active);
    return {
      ...(serving ? { serving } : {}),
      ...(active !== undefined ? { active } : {}),
      ...(problem ? { problem: problem.reason, since: problem.at.toISOString() } : {}),
    };
  }

  /** Why the active model is not the one served, if it is not. */
  private problem(
    serving: string | undefined,
    active: string | null | undefined,
  ): { reason: string; at: Date } | undefined {
    if (active !== undefined && active !== null && active === serving) return undefined;
    if (active === undefined) {
      const check = this.checkError;
      return check
        ? { reason: `the active model could not be read: ${check.reason}`, at: check.at }
        : { reason: 'the active model has not been read yet', at: new Date() };
    }
    if (active === null) {
      const shipped = this.shippedFailure;
      return shipped
        ? {
            reason: `no model is active, and the shipped model in MODEL_DIR is invalid and was not registered: ${shipped.reason}`,
            at: shipped.at,
          }
        : { reason: 'no model is active', at: this.checkError?.at ?? new Date() };
    }
    const failure = this.failure;
    if (failure?.version === active) return { reason: failure.reason, at: failure.at };
    const check = this.checkError;
    return check
      ? { reason: `model ${active} could not be loaded: ${check.reason}`, at: check.at }
      : { reason: `model ${active} is not loaded yet`, at: new Date() };
  }

  /**
   * Runs `fn` with the active model. The model stays loaded until `fn` settles, even if another
   * version is activated meanwhile. 503 `model_unavailable` when no model can be loaded.
   */
  async use<T>(fn: (model: StudentScoreModel) => Promise<T>): Promise<T> {
    await this.refreshIfStale();
    const handle = this.current;
    if (!handle) {
      const problem = this.problem(undefined, this.activeVersion);
      throw new ModelUnavailableError(
        problem
          ? `No prediction model can be served: ${problem.reason}.`
          : 'No prediction model is loaded yet; try again shortly.',
      );
    }
    handle.inFlight++;
    try {
      return await fn(handle.model);
    } finally {
      handle.inFlight--;
      void this.releaseIfIdle(handle);
    }
  }

  /**
   * Loads and proves a stored version without serving it; pass it to `install` to serve it,
   * else release it. 422 `model_invalid` when it fails its proof.
   */
  async load(version: string): Promise<StudentScoreModel> {
    const row = await this.models.stored(version);
    if (!row) throw new ModelVersionNotFoundError(version);
    return this.loadBytes(version, row.onnx, row.card);
  }

  /**
   * Loads model bytes and proves them (validated against the card and this server's feature
   * encoding, then run on the probe students): 422 `model_invalid` when they cannot be served.
   * The one door through which a model is stored, activated or served.
   */
  async loadBytes(version: string, onnx: Uint8Array, card: ModelCard): Promise<StudentScoreModel> {
    try {
      return await proveModel(onnx, { card, risk: this.risk });
    } catch (error: unknown) {
      if (error instanceof ModelValidationError) {
        throw new ModelInvalidError(version, error.message);
      }
      throw error;
    }
  }

  /**
   * Serves `model` from now on (taking ownership of it); the previous model is released once
   * its in-flight calls finish. A model of the version already served is released instead.
   * Callers install only a version that is active.
   */
  install(model: StudentScoreModel): void {
    const previous = this.current;
    this.checkedAt = Date.now();
    this.activeVersion = model.version;
    if (this.closed || previous?.model.version === model.version) {
      void model.release().catch((error: unknown) => this.logReleaseError(error));
      return;
    }
    this.current = { model, inFlight: 0, retired: false, released: false };
    this.logger.log({ version: model.version }, 'Prediction model loaded');
    if (previous) {
      previous.retired = true;
      void this.releaseIfIdle(previous);
    }
  }

  /** Re-reads the active version now and loads it if it is not the one served. */
  refresh(): Promise<void> {
    this.refreshing ??= this.reloadActive().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /**
   * A check at most every MODEL_REFRESH_SECONDS, whatever its outcome; never rejects. Between
   * checks, a check still running is waited for when `awaitRunning` (a readiness check, or a
   * call that has no model to serve meanwhile).
   */
  private async refreshIfStale(awaitRunning = !this.current): Promise<void> {
    const maxAge = this.config.modelRefreshSeconds * 1000;
    if (Date.now() - this.checkedAt < maxAge) {
      if (awaitRunning && this.refreshing) await this.refreshing.catch(() => undefined);
      return;
    }
    try {
      await this.refresh();
    } catch (error: unknown) {
      this.checkedAt = Date.now();
      this.checkError = { reason: messageOf(error), at: new Date() };
      if (this.current) {
        this.logger.warn({ err: error }, 'Could not check the active model version');
      } else {
        this.logger.error({ err: error }, 'Could not load the prediction model');
      }
    }
  }

  private async readActiveVersion(): Promise<string | undefined> {
    return (await this.models.activeVersion()) ?? undefined;
  }

  private async reloadActive(): Promise<void> {
    let version = await this.readActiveVersion();
    let shipped: StudentScoreModel | undefined;
    if (version === undefined) {
      shipped = await this.registerShippedModel();
      version = await this.readActiveVersion();
    }
    this.checkedAt = Date.now();
    this.checkError = undefined;
    this.activeVersion = version ?? null;
    try {
      if (version === undefined || version === this.current?.model.version) return;
      if (shipped?.version === version) {
        const model = shipped;
        shipped = undefined;
        this.install(model);
        return;
      }
      await this.loadActive(version);
    } finally {
      if (shipped) await shipped.release();
    }
  }

  /** Loads the active `version` unless it already failed with the same bytes; serves it if it passes. */
  private async loadActive(version: string): Promise<void> {
    const known = this.failure?.version === version ? this.failure : undefined;
    if (known && (await this.models.fingerprint(version)) === known.fingerprint) return;
    const row = await this.models.stored(version);
    if (!row) return;
    let model: StudentScoreModel;
    try {
      model = await this.loadBytes(version, row.onnx, row.card);
    } catch (error: unknown) {
      if (!(error instanceof ModelInvalidError)) throw error;
      this.failure = {
        version,
        fingerprint: row.fingerprint,
        reason: error.message,
        at: new Date(),
      };
      const serving = this.current?.model.version;
      this.logger.error(
        { version, serving: serving ?? null, reason: error.message },
        serving
          ? 'The active prediction model cannot be served; still serving the last good one'
          : 'The active prediction model cannot be served; predictions are unavailable',
      );
      return;
    }
    // Another activation may have happened while loading: serve only what is still active.
    if ((await this.readActiveVersion()) !== version) {
      await model.release();
      return;
    }
    this.install(model);
  }

  /** The pointer's text and the sizes and times of the files it names: changes when they do. */
  private shippedFilesKey(dir: string): string | undefined {
    try {
      const pointerText = fs.readFileSync(path.join(dir, ACTIVE_POINTER_FILE), 'utf8');
      const pointer = JSON.parse(pointerText) as Record<string, unknown>;
      const stats = [pointer.onnx, pointer.card].map((file) => {
        const stat = fs.statSync(path.join(dir, path.basename(String(file))));
        return `${stat.size}:${stat.mtimeMs}`;
      });
      return [pointerText, ...stats].join('|');
    } catch {
      return undefined;
    }
  }

  /**
   * When no model is active: proves the model shipped in MODEL_DIR, then registers it (if
   * absent) and activates it. The advisory lock makes concurrent starts of several instances
   * agree. Returns the proven model when this call activated it (the caller serves it); a model
   * that fails its proof is logged and nothing is written.
   */
  private async registerShippedModel(): Promise<StudentScoreModel | undefined> {
    const dir = path.resolve(this.config.modelDir);
    const key = this.shippedFilesKey(dir);
    if (key !== undefined && this.shippedFailure?.key === key) return undefined;
    let files: ReturnType<typeof readActiveModelFiles>;
    let model: StudentScoreModel;
    try {
      files = readActiveModelFiles(dir);
      model = await this.loadBytes(files.pointer.version, files.onnx, files.card);
    } catch (error: unknown) {
      this.shippedInvalid(key, messageOf(error));
      return undefined;
    }
    let activated: boolean;
    try {
      activated = await this.activateShipped(files);
    } catch (error: unknown) {
      await model.release();
      if (error instanceof ModelValidationError) {
        this.shippedInvalid(key, error.message);
        return undefined;
      }
      throw error;
    }
    this.shippedFailure = undefined;
    if (!activated) {
      await model.release();
      return undefined;
    }
    this.logger.log({ version: model.version }, 'Registered the shipped prediction model');
    return model;
  }

  /** Inserts (if absent) and activates the proven shipped model; false if one became active meanwhile. */
  @Transactional()
  private async activateShipped(files: ReturnType<typeof readActiveModelFiles>): Promise<boolean> {
    // The card names the version the row is stored under (the proof checked it is the model's).
    const { version } = files.card;
    const { sha256 } = files.pointer;
    await this.models.lockActive();
    if ((await this.models.activeVersion()) !== null) return false;
    await this.models.insertIfAbsent(newModelRow(files.card, files.onnx, null));
    // A row of that version stored before must hold the same bytes: only those were proven.
    const stored = await this.models.sha256(version);
    if (stored !== sha256) {
      throw new ModelValidationError(
        `the stored version ${version} holds other bytes than the shipped file (sha256 ${String(stored ?? undefined)}, file ${sha256})`,
      );
    }
    await this.models.makeActive(version);
    await this.audit.record({
      actor: null,
      action: 'model.registered',
      target_type: 'model',
      target_id: version,
      details: { source: 'shipped', activated: true },
    });
    return true;
  }

  private shippedInvalid(key: string | undefined, reason: string): void {
    const previous = this.shippedFailure;
    const repeated = previous?.reason === reason;
    this.shippedFailure = { key, reason, at: repeated ? previous.at : new Date() };
    if (repeated) return;
    this.logger.error(
      { modelDir: this.config.modelDir, reason },
      'The shipped prediction model in MODEL_DIR is invalid and was not registered',
    );
  }

  private async releaseIfIdle(handle: LoadedModel): Promise<void> {
    if (!handle.retired || handle.inFlight > 0 || handle.released) return;
    handle.released = true;
    try {
      await handle.model.release();
    } catch (error: unknown) {
      this.logReleaseError(error);
    }
  }

  private logReleaseError(error: unknown): void {
    this.logger.warn({ err: error }, 'Could not release a prediction model');
  }
}

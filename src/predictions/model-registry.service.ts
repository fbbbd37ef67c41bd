import * as path from 'node:path';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { ModelStatusProvider } from '../health/model-status.provider';
import { MlModel } from './entities/ml-model.entity';
import {
  ModelCard,
  ModelValidationError,
  readActiveModelFiles,
  RiskThresholds,
  StudentScoreModel,
} from './ml';
import { ACTIVE_MODEL_LOCK } from './model-locks';
import { newModelRow } from './model-rows';
import {
  ModelInvalidError,
  ModelUnavailableError,
  ModelVersionNotFoundError,
} from './predictions.errors';

interface LoadedModel {
  readonly model: StudentScoreModel;
  /** Calls running on this model; it is released only once they are done. */
  inFlight: number;
  retired: boolean;
  released: boolean;
}

/**
 * The model every prediction uses, loaded once per instance from the `models` table (the ONNX
 * bytes live in the database, so all instances serve the same version).
 *
 * - At start, when no model is active, the model shipped in MODEL_DIR is registered and
 *   activated (under an advisory lock, insert-if-absent: safe when several instances start
 *   together), then the active version is loaded.
 * - Activation on this instance swaps the loaded model at once (`install`); the previous one is
 *   released when its in-flight calls finish.
 * - Other instances notice a switch by polling: before serving, an instance checks the active
 *   version with one indexed query at most every MODEL_REFRESH_SECONDS (default 5) and loads the
 *   new version when it differs. Polling needs no dedicated connection and survives database
 *   restarts; the cost is one tiny query every few seconds under load.
 */
@Injectable()
export class ModelRegistry implements ModelStatusProvider, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ModelRegistry.name);
  private current: LoadedModel | undefined;
  private checkedAt = 0;
  private refreshing: Promise<void> | undefined;
  /** The thresholds applied to every prediction (RISK_HIGH_BELOW, RISK_MEDIUM_BELOW). */
  readonly risk: RiskThresholds;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {
    this.risk = {
      highBelow: config.riskThresholds.high,
      mediumBelow: config.riskThresholds.medium,
    };
  }

  async onModuleInit(): Promise<void> {
    try {
      await this.refresh();
    } catch (error: unknown) {
      // The service stays up (readiness reports the model down) so an administrator can still
      // activate another version; predictions answer 503 until a model loads.
      this.logger.error({ err: error }, 'Could not load the prediction model');
    }
  }

  async onApplicationShutdown(): Promise<void> {
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

  /**
   * Runs `fn` with the active model. The model stays loaded until `fn` settles, even if another
   * version is activated meanwhile. 503 `model_unavailable` when no model can be loaded.
   */
  async use<T>(fn: (model: StudentScoreModel) => Promise<T>): Promise<T> {
    await this.refreshIfStale();
    const handle = this.current;
    if (!handle) throw new ModelUnavailableError();
    handle.inFlight++;
    try {
      return await fn(handle.model);
    } finally {
      handle.inFlight--;
      void this.releaseIfIdle(handle);
    }
  }

  /**
   * Loads a stored version (validated against its card and this server's feature encoding)
   * without serving it; pass it to `install` to serve it, else release it.
   */
  async load(version: string): Promise<StudentScoreModel> {
    const row = await this.dataSource
      .getRepository(MlModel)
      .findOne({ where: { version }, select: { version: true, onnx: true, card: true } });
    if (!row) throw new ModelVersionNotFoundError(version);
    return this.loadBytes(version, row.onnx, row.card as unknown as ModelCard);
  }

  /** Validates and loads model bytes (422 `model_invalid` when they cannot be served). */
  async loadBytes(version: string, onnx: Uint8Array, card: ModelCard): Promise<StudentScoreModel> {
    try {
      return await StudentScoreModel.load(onnx, { card, risk: this.risk });
    } catch (error: unknown) {
      if (error instanceof ModelValidationError || error instanceof RangeError) {
        throw new ModelInvalidError(version, error.message);
      }
      throw error;
    }
  }

  /**
   * Serves `model` from now on (taking ownership of it); the previous model is released once
   * its in-flight calls finish. A model of the version already served is released instead.
   */
  install(model: StudentScoreModel): void {
    const previous = this.current;
    this.checkedAt = Date.now();
    if (previous?.model.version === model.version) {
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

  private async refreshIfStale(): Promise<void> {
    const maxAge = this.config.modelRefreshSeconds * 1000;
    if (this.current && Date.now() - this.checkedAt < maxAge) return;
    try {
      await this.refresh();
    } catch (error: unknown) {
      if (!this.current) {
        this.logger.error({ err: error }, 'Could not load the prediction model');
        throw new ModelUnavailableError();
      }
      // Keep serving the loaded model; the next check tries again.
      this.checkedAt = Date.now();
      this.logger.warn({ err: error }, 'Could not check the active model version');
    }
  }

  private async activeVersion(): Promise<string | undefined> {
    const rows: { version: string }[] = await this.dataSource.query(
      'SELECT version FROM models WHERE is_active',
    );
    return rows[0]?.version;
  }

  private async reloadActive(): Promise<void> {
    let version = await this.activeVersion();
    if (version === undefined) {
      await this.registerShippedModel();
      version = await this.activeVersion();
    }
    this.checkedAt = Date.now();
    if (version === undefined || version === this.current?.model.version) return;
    const model = await this.load(version);
    // Another activation may have happened while loading: serve only what is still active.
    if ((await this.activeVersion()) !== version) {
      await model.release();
      return;
    }
    this.install(model);
  }

  /**
   * When no model is active, registers the model shipped in MODEL_DIR (if absent) and activates
   * it. The advisory lock makes concurrent starts of several instances agree.
   */
  private async registerShippedModel(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [ACTIVE_MODEL_LOCK]);
      const active: unknown[] = await manager.query('SELECT 1 FROM models WHERE is_active');
      if (active.length > 0) return;
      const files = readActiveModelFiles(path.resolve(this.config.modelDir));
      const { card, onnx, pointer } = files;
      await manager
        .createQueryBuilder()
        .insert()
        .into(MlModel)
        .values(newModelRow(card, onnx, null))
        .orIgnore()
        .execute();
      await manager.query(
        `UPDATE models SET is_active = true, status = 'ready', activated_at = now() WHERE version = $1`,
        [pointer.version],
      );
      await this.audit.record(
        {
          actor: null,
          action: 'model.registered',
          target_type: 'model',
          target_id: pointer.version,
          details: { source: 'shipped', activated: true },
        },
        manager,
      );
      this.logger.log({ version: pointer.version }, 'Registered the shipped prediction model');
    });
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

import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { AuditRequestContext } from '../audit/audit-context';
import type { AuditActor } from '../audit/audit-entry';
import { AuditService } from '../audit/audit.service';
import { Page, toPage } from '../common/pagination/page';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { ModelCardDto } from './dto/model-card.dto';
import { ModelSummaryDto } from './dto/model-summary.dto';
import { toModelCard } from './dto/to-model-card';
import { toModelSummary } from './dto/to-model-summary';
import type { StudentScoreModel, TrainedModel } from './ml';
import { newModelRow } from './model-rows';
import { ModelRegistry } from './model-registry.service';
import { ModelsRepository } from './models.repository';
import { ModelUnavailableError, ModelVersionNotFoundError } from './predictions.errors';

/**
 * Stored model versions: the list, the active model's card, storing a trained model and
 * switching the active version (for every instance: this one at once, the others at their
 * next check).
 */
@Injectable()
export class ModelsService {
  constructor(
    private readonly models: ModelsRepository,
    private readonly registry: ModelRegistry,
    private readonly audit: AuditService,
  ) {}

  async list(query: PaginationQueryDto): Promise<Page<ModelSummaryDto>> {
    const [rows, total] = await this.models.page(query.page, query.per_page);
    return toPage(rows.map(toModelSummary), total, query.page, query.per_page);
  }

  async activeCard(): Promise<ModelCardDto> {
    const row = await this.models.activeCard();
    if (!row) throw new ModelUnavailableError('No model is active.');
    return toModelCard(
      row.card,
      {
        isActive: row.is_active,
        activatedAt: row.activated_at,
        fileHash: row.file_hash,
        bytes: Number(row.bytes),
      },
      this.registry.risk,
    );
  }

  async summary(version: string): Promise<ModelSummaryDto> {
    const row = await this.models.summary(version);
    if (!row) throw new ModelVersionNotFoundError(version);
    return toModelSummary(row);
  }

  /**
   * Stores a trained model (bytes, card, held-out metrics, file hash). `proof` is the same
   * model loaded and proven by `ModelRegistry.loadBytes`: nothing unproven is stored. Training
   * is deterministic, so a version already stored is the same model: nothing is written and
   * `created` is false.
   */
  async store(
    model: TrainedModel,
    trainedBy: string | null,
    proof: StudentScoreModel,
  ): Promise<{ created: boolean }> {
    if (proof.version !== model.version) {
      throw new Error(`model ${model.version} was stored with the proof of ${proof.version}`);
    }
    const created = await this.models.insertIfAbsent(
      newModelRow(model.card, model.onnx, trainedBy),
    );
    return { created };
  }

  /**
   * Makes `version` the active model. Its bytes are loaded and proven first (run on the probe
   * students; 422 `model_invalid` when they cannot be served, and nothing changes), then the
   * switch commits under the active-model lock with its audit row, then this instance serves it.
   * `preloaded` (the same version, already loaded and proven) is handed over on success; on
   * failure the caller still owns it.
   */
  async activate(
    actor: AuditActor,
    version: string,
    options: {
      preloaded?: StudentScoreModel;
      details?: Record<string, unknown>;
      /** Where the activation was asked for, for work outside that request (training). */
      context?: AuditRequestContext;
    } = {},
  ): Promise<ModelSummaryDto> {
    await this.summary(version);
    const model = options.preloaded ?? (await this.registry.load(version));
    let summary: ModelSummaryDto;
    try {
      summary = await this.switchActive(actor, version, options);
    } catch (error: unknown) {
      if (!options.preloaded) await model.release();
      throw error;
    }
    // Last, and cannot fail: from here the registry owns the model.
    this.registry.install(model);
    return summary;
  }

  /** The switch under the active-model lock, with its audit row, in one transaction. */
  @Transactional()
  private async switchActive(
    actor: AuditActor,
    version: string,
    options: { details?: Record<string, unknown>; context?: AuditRequestContext },
  ): Promise<ModelSummaryDto> {
    await this.models.lockActive();
    const previousVersion = await this.models.activeVersion();
    if (previousVersion !== version) await this.models.makeActive(version);
    await this.audit.record({
      actor,
      action: 'model.activated',
      target_type: 'model',
      target_id: version,
      details: {
        previous_version: previousVersion,
        changed: previousVersion !== version,
        ...options.details,
      },
      request: options.context,
    });
    const row = await this.models.summary(version);
    if (!row) throw new ModelVersionNotFoundError(version);
    return toModelSummary(row);
  }
}

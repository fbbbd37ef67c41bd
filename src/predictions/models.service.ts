import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuditActor, AuditEntry } from '../audit/audit-entry';
import { AuditService } from '../audit/audit.service';
import { Page, toPage } from '../common/pagination/page';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { ModelCardDto } from './dto/model-card.dto';
import { ModelSummaryDto } from './dto/model-summary.dto';
import { toModelCard } from './dto/to-model-card';
import { toModelSummary } from './dto/to-model-summary';
import { MlModel } from './entities/ml-model.entity';
import { ModelCard, StudentScoreModel, TrainedModel } from './ml';
import { ACTIVE_MODEL_LOCK } from './model-locks';
import { newModelRow } from './model-rows';
import { ModelRegistry } from './model-registry.service';
import { ModelUnavailableError, ModelVersionNotFoundError } from './predictions.errors';

/** Every column of a model row except the bytes and the card (for lists). */
const SUMMARY_COLUMNS = {
  id: true,
  version: true,
  algorithm: true,
  status: true,
  isActive: true,
  metrics: true,
  fileHash: true,
  trainingRows: true,
  trainedBy: true,
  createdAt: true,
  activatedAt: true,
} as const;

/**
 * Stored model versions: the list, the active model's card, storing a trained model and
 * switching the active version (for every instance: this one at once, the others at their
 * next check).
 */
@Injectable()
export class ModelsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: ModelRegistry,
    private readonly audit: AuditService,
  ) {}

  async list(query: PaginationQueryDto): Promise<Page<ModelSummaryDto>> {
    const [rows, total] = await this.dataSource.getRepository(MlModel).findAndCount({
      select: SUMMARY_COLUMNS,
      order: { createdAt: 'DESC', version: 'DESC' },
      skip: (query.page - 1) * query.per_page,
      take: query.per_page,
    });
    return toPage(rows.map(toModelSummary), total, query.page, query.per_page);
  }

  async activeCard(): Promise<ModelCardDto> {
    const rows: {
      card: ModelCard;
      is_active: boolean;
      activated_at: Date | null;
      file_hash: string;
      bytes: number;
    }[] = await this.dataSource.query(
      `SELECT card, is_active, activated_at, file_hash, octet_length(onnx) AS bytes
       FROM models WHERE is_active`,
    );
    const row = rows[0];
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
    const row = await this.dataSource
      .getRepository(MlModel)
      .findOne({ where: { version }, select: SUMMARY_COLUMNS });
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
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(MlModel)
      .values(newModelRow(model.card, model.onnx, trainedBy))
      .orIgnore()
      .returning(['id'])
      .execute();
    return { created: (result.raw as unknown[]).length > 0 };
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
    request?: AuditEntry['request'],
    options: { preloaded?: StudentScoreModel; details?: Record<string, unknown> } = {},
  ): Promise<ModelSummaryDto> {
    await this.summary(version);
    const model = options.preloaded ?? (await this.registry.load(version));
    let summary: ModelSummaryDto;
    try {
      summary = await this.dataSource.transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock($1)', [ACTIVE_MODEL_LOCK]);
        const previous: { version: string }[] = await manager.query(
          'SELECT version FROM models WHERE is_active',
        );
        const previousVersion = previous[0]?.version ?? null;
        if (previousVersion !== version) {
          await manager.query('UPDATE models SET is_active = false WHERE is_active');
          await manager.query(
            `UPDATE models SET is_active = true, status = 'ready', activated_at = now()
             WHERE version = $1`,
            [version],
          );
        }
        await this.audit.record(
          {
            actor,
            action: 'model.activated',
            target_type: 'model',
            target_id: version,
            details: {
              previous_version: previousVersion,
              changed: previousVersion !== version,
              ...options.details,
            },
            request,
          },
          manager,
        );
        const row = await manager
          .getRepository(MlModel)
          .findOneOrFail({ where: { version }, select: SUMMARY_COLUMNS });
        return toModelSummary(row);
      });
    } catch (error: unknown) {
      if (!options.preloaded) await model.release();
      throw error;
    }
    // Last, and cannot fail: from here the registry owns the model.
    this.registry.install(model);
    return summary;
  }
}

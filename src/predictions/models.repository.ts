import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { MainTransactionHost } from '../database/transactions';
import { MlModel } from './entities/ml-model.entity';
import type { ModelCard } from './ml';
import { ACTIVE_MODEL_LOCK } from './model-locks';
import type { NewModelRow } from './model-rows';

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

/** A model row without its bytes and card. */
export type ModelSummaryRow = Omit<MlModel, 'onnx' | 'card'>;

/** The active model's card and what its card response tells of the row. */
export interface ActiveCardRow {
  card: ModelCard;
  is_active: boolean;
  activated_at: Date | null;
  file_hash: string;
  bytes: number;
}

/** A stored model's bytes, card and a fingerprint of both (computed by the database). */
export interface StoredModel {
  onnx: Buffer;
  card: ModelCard;
  fingerprint: string;
}

/** The predictions module's only access to the model registry's `models` table. */
@Injectable()
export class ModelsRepository {
  constructor(@InjectTransactionHost() private readonly txHost: MainTransactionHost) {}

  /** One page of the stored models, newest first, without bytes or card. */
  page(page: number, perPage: number): Promise<[ModelSummaryRow[], number]> {
    return this.txHost.tx.getRepository(MlModel).findAndCount({
      select: SUMMARY_COLUMNS,
      order: { createdAt: 'DESC', version: 'DESC' },
      skip: (page - 1) * perPage,
      take: perPage,
    });
  }

  summary(version: string): Promise<ModelSummaryRow | null> {
    return this.txHost.tx
      .getRepository(MlModel)
      .findOne({ where: { version }, select: SUMMARY_COLUMNS });
  }

  async activeCard(): Promise<ActiveCardRow | null> {
    const rows: ActiveCardRow[] = await this.txHost.tx.query(
      `SELECT card, is_active, activated_at, file_hash, octet_length(onnx) AS bytes
       FROM models WHERE is_active`,
    );
    return rows[0] ?? null;
  }

  async activeVersion(): Promise<string | null> {
    const rows: { version: string }[] = await this.txHost.tx.query(
      'SELECT version FROM models WHERE is_active',
    );
    return rows[0]?.version ?? null;
  }

  async stored(version: string): Promise<StoredModel | null> {
    const rows: StoredModel[] = await this.txHost.tx.query(
      `SELECT onnx, card, md5(onnx) || md5(card::text) AS fingerprint FROM models
       WHERE version = $1`,
      [version],
    );
    return rows[0] ?? null;
  }

  async fingerprint(version: string): Promise<string | null> {
    const rows: { fingerprint: string }[] = await this.txHost.tx.query(
      'SELECT md5(onnx) || md5(card::text) AS fingerprint FROM models WHERE version = $1',
      [version],
    );
    return rows[0]?.fingerprint ?? null;
  }

  /** The sha256 (hex) of a stored version's bytes, or null. */
  async sha256(version: string): Promise<string | null> {
    const rows: { sha256: string }[] = await this.txHost.tx.query(
      `SELECT encode(sha256(onnx), 'hex') AS sha256 FROM models WHERE version = $1`,
      [version],
    );
    return rows[0]?.sha256 ?? null;
  }

  /** Inserts the row unless it conflicts with a stored one; returns whether it was inserted. */
  async insertIfAbsent(row: NewModelRow): Promise<boolean> {
    const inserted: unknown[] = await this.txHost.tx.query(
      `INSERT INTO models (version, algorithm, status, is_active, metrics, card, file_hash, onnx,
                           training_rows, trained_by)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9, $10)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [
        row.version,
        row.algorithm,
        row.status,
        row.isActive,
        JSON.stringify(row.metrics),
        JSON.stringify(row.card),
        row.fileHash,
        row.onnx,
        row.trainingRows,
        row.trainedBy,
      ],
    );
    return inserted.length > 0;
  }

  /** Makes `version` the only active model (ready, activated now). */
  async makeActive(version: string): Promise<void> {
    await this.txHost.tx.query('UPDATE models SET is_active = false WHERE is_active');
    await this.txHost.tx.query(
      `UPDATE models SET is_active = true, status = 'ready', activated_at = now()
       WHERE version = $1`,
      [version],
    );
  }

  /** Holds the active-model lock until the end of the current transaction. */
  async lockActive(): Promise<void> {
    await this.txHost.tx.query('SELECT pg_advisory_xact_lock($1)', [ACTIVE_MODEL_LOCK]);
  }

  /** The ± tolerance of each of `versions` that has one on its card. */
  async tolerances(versions: readonly string[]): Promise<Map<string, number>> {
    if (versions.length === 0) return new Map();
    const rows: { version: string; tolerance: number | null }[] = await this.txHost.tx.query(
      `SELECT version, (card->'uncertainty'->>'tolerance')::float8 AS tolerance
       FROM models WHERE version = ANY($1::varchar[])`,
      [versions],
    );
    return new Map(
      rows.filter((r) => r.tolerance !== null).map((r) => [r.version, r.tolerance as number]),
    );
  }
}

import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { MainTransactionHost } from '../database/transactions';

/** Reads of the model registry's `models` table, in the current transaction. */
@Injectable()
export class ModelsRepository {
  constructor(@InjectTransactionHost() private readonly txHost: MainTransactionHost) {}

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

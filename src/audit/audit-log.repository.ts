import { InjectTransactionHost, type TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { Page } from '../common/pagination/page';
import { toPage } from '../common/pagination/page';
import { escapeLike } from '../common/sql/escape-like';
import { SqlParams } from '../common/sql/sql-params';
import { HEAVY_DATA_SOURCE } from '../database/heavy-data-source';
import type { MainTransactionHost } from '../database/transactions';
import { AuditLog } from './entities/audit-log.entity';

/** A new row of the audit log, as AuditService has worked it out. */
export type NewAuditLog = Pick<
  AuditLog,
  | 'actorId'
  | 'actorRole'
  | 'action'
  | 'targetType'
  | 'targetId'
  | 'outcome'
  | 'details'
  | 'ipAddress'
  | 'userAgent'
  | 'requestId'
>;

/** The filters of the administrators' list (all optional; `action` may end in `.*`). */
export interface AuditLogFilter {
  actorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
}

/** The columns of a row, named as the entity's properties. */
const COLUMNS = `id, occurred_at AS "occurredAt", actor_id AS "actorId", actor_role AS "actorRole",
  action, target_type AS "targetType", target_id AS "targetId", ip_address AS "ipAddress",
  user_agent AS "userAgent", request_id AS "requestId", outcome, details`;

/** The WHERE list of the filter, its values kept in `params`. */
function whereOf(filter: AuditLogFilter, params: SqlParams): string {
  const conditions: string[] = [];
  if (filter.actorId) conditions.push(`actor_id = ${params.add(filter.actorId)}`);
  if (filter.action?.endsWith('.*')) {
    const prefix = escapeLike(filter.action.slice(0, -1));
    conditions.push(`action LIKE ${params.add(`${prefix}%`)}`);
  } else if (filter.action) {
    conditions.push(`action = ${params.add(filter.action)}`);
  }
  if (filter.targetType !== undefined) {
    conditions.push(`target_type = ${params.add(filter.targetType)}`);
  }
  if (filter.targetId !== undefined) conditions.push(`target_id = ${params.add(filter.targetId)}`);
  if (filter.from) conditions.push(`occurred_at >= ${params.add(filter.from)}`);
  if (filter.to) conditions.push(`occurred_at < ${params.add(filter.to)}`);
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

async function insertInto(manager: EntityManager, row: NewAuditLog): Promise<void> {
  await manager.query(
    `INSERT INTO audit_logs (actor_id, actor_role, action, target_type, target_id, outcome,
                             details, ip_address, user_agent, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      row.actorId,
      row.actorRole,
      row.action,
      row.targetType,
      row.targetId,
      row.outcome,
      JSON.stringify(row.details),
      row.ipAddress,
      row.userAgent,
      row.requestId,
    ],
  );
}

/**
 * The audit module's only access to `audit_logs`: inserts in the current transaction, reads by
 * target and the filtered list. The current transaction is the heavy pool's when one is active
 * there (an import's), else the main pool's, so an audit row commits or rolls back with the
 * change it describes whichever pool that change is written on.
 */
@Injectable()
export class AuditLogRepository {
  constructor(
    @InjectRepository(AuditLog) private readonly logs: Repository<AuditLog>,
    // Both absent in the command-line tools, which build the repository on a bare data source
    // (or on the manager of the transaction the row belongs in).
    @Optional() @InjectTransactionHost() private readonly txHost?: MainTransactionHost,
    @Optional()
    @InjectTransactionHost(HEAVY_DATA_SOURCE)
    private readonly heavyTxHost?: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  /** Inserts in the current transaction, else on its own. */
  async insert(row: NewAuditLog): Promise<void> {
    await insertInto(this.manager(), row);
  }

  /** Inserts on its own, whatever transaction the caller is in. */
  async insertOutsideTransactions(row: NewAuditLog): Promise<void> {
    await insertInto(this.logs.manager, row);
  }

  /** The events about one target, newest first, read in the current transaction. */
  aboutTarget(targetType: string, targetId: string): Promise<AuditLog[]> {
    return this.manager()
      .getRepository(AuditLog)
      .find({ where: { targetType, targetId }, order: { occurredAt: 'DESC' } });
  }

  /** One page of the rows that match, newest first, with the number of all that match. */
  async page(filter: AuditLogFilter, page: number, perPage: number): Promise<Page<AuditLog>> {
    const params = new SqlParams();
    const where = whereOf(filter, params);
    const filterValues = [...params.values];
    const rows: (AuditLog & { total: string })[] = await this.manager().query(
      `SELECT ${COLUMNS}, count(*) OVER () AS total FROM audit_logs ${where}
        ORDER BY occurred_at DESC, id DESC
        LIMIT ${params.add(perPage)} OFFSET ${params.add((page - 1) * perPage)}`,
      params.values,
    );
    // Past the last page no row carries the count: it is counted on its own.
    const total = rows.length > 0 ? Number(rows[0].total) : await this.count(where, filterValues);
    return toPage(
      rows.map(({ total: _total, ...log }) => log),
      total,
      page,
      perPage,
    );
  }

  private async count(where: string, values: unknown[]): Promise<number> {
    const rows: { total: string }[] = await this.manager().query(
      `SELECT count(*) AS total FROM audit_logs ${where}`,
      values,
    );
    return Number(rows[0].total);
  }

  private manager(): EntityManager {
    if (this.heavyTxHost?.isTransactionActive()) return this.heavyTxHost.tx;
    return this.txHost?.tx ?? this.logs.manager;
  }
}

import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { Page } from '../common/pagination/page';
import { toPage } from '../common/pagination/page';
import { escapeLike } from '../common/sql/escape-like';
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

/**
 * The audit module's only access to `audit_logs`: inserts in the current transaction (or the
 * EntityManager of code that runs its own), reads by target and the filtered list. Queries
 * use the query builder with named parameters.
 */
@Injectable()
export class AuditLogRepository {
  constructor(
    @InjectRepository(AuditLog) private readonly logs: Repository<AuditLog>,
    // Absent in the command-line tools, which build the repository on a bare data source.
    @Optional() @InjectTransactionHost() private readonly txHost?: MainTransactionHost,
  ) {}

  /** Inserts in `manager`, else in the current transaction, else on its own. */
  async insert(row: NewAuditLog, manager?: EntityManager): Promise<void> {
    const repository = this.current(manager);
    await repository.save(repository.create(row), { reload: false });
  }

  /** Inserts on its own, whatever transaction the caller is in. */
  async insertOutsideTransactions(row: NewAuditLog): Promise<void> {
    await this.logs.save(this.logs.create(row), { reload: false });
  }

  /** The events about one target, newest first, read in the current transaction. */
  aboutTarget(targetType: string, targetId: string): Promise<AuditLog[]> {
    return this.current().find({
      where: { targetType, targetId },
      order: { occurredAt: 'DESC' },
    });
  }

  /** One page of the rows that match, newest first. */
  async page(filter: AuditLogFilter, page: number, perPage: number): Promise<Page<AuditLog>> {
    const qb = this.logs.createQueryBuilder('log');
    if (filter.actorId) qb.andWhere('log.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.action?.endsWith('.*')) {
      const prefix = escapeLike(filter.action.slice(0, -1));
      qb.andWhere('log.action LIKE :prefix', { prefix: `${prefix}%` });
    } else if (filter.action) {
      qb.andWhere('log.action = :action', { action: filter.action });
    }
    if (filter.targetType !== undefined) {
      qb.andWhere('log.target_type = :targetType', { targetType: filter.targetType });
    }
    if (filter.targetId !== undefined) {
      qb.andWhere('log.target_id = :targetId', { targetId: filter.targetId });
    }
    if (filter.from) qb.andWhere('log.occurred_at >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('log.occurred_at < :to', { to: filter.to });
    qb.orderBy('log.occurred_at', 'DESC')
      .addOrderBy('log.id', 'DESC')
      .skip((page - 1) * perPage)
      .take(perPage);
    const [rows, total] = await qb.getManyAndCount();
    return toPage(rows, total, page, perPage);
  }

  private current(manager?: EntityManager): Repository<AuditLog> {
    return (manager ?? this.txHost?.tx ?? this.logs.manager).getRepository(AuditLog);
  }
}

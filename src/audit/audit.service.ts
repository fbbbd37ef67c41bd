import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { RequestContext } from '../common/request-context/request-context';
import { ValidationFailedError } from '../common/errors/validation-failed.error';
import { escapeLike } from '../common/sql/escape-like';
import { Page, toPage } from '../common/pagination/page';
import { auditContextOf } from './audit-context';
import { sanitizeAuditDetails } from './audit-details';
import { AuditEntry } from './audit-entry';
import { ListAuditLogsQueryDto } from './dto/list-audit-logs-query.dto';
import { AuditLog } from './entities/audit-log.entity';

/**
 * The append-only audit log. Other modules call `record` for security-relevant and
 * data-changing actions. The row is written in the caller's transaction (`@Transactional()`,
 * or the EntityManager given by code that runs its own), so it commits or rolls back with the
 * change it describes. IP, user agent, request id and, unless the entry names one, the actor
 * come from the request context.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    @InjectRepository(AuditLog) private readonly logs: Repository<AuditLog>,
    // The command-line tools build the service on a bare data source: no request, no
    // transaction host (they pass their EntityManager).
    private readonly context: RequestContext = RequestContext.outsideContainer(),
    private readonly txHost?: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  /** Writes the entry in `manager`, else in the current transaction, else on its own. */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    await this.write(
      entry,
      (manager ?? this.txHost?.tx ?? this.logs.manager).getRepository(AuditLog),
    );
  }

  private async write(entry: AuditEntry, repository: Repository<AuditLog>): Promise<void> {
    const context = auditContextOf(entry.request !== undefined ? entry.request : this.context);
    const actor = entry.actor !== undefined ? entry.actor : this.context.caller;
    const row = repository.create({
      actorId: actor?.id ?? null,
      actorRole: actor?.role ?? null,
      action: entry.action.slice(0, 60),
      targetType: entry.target_type?.slice(0, 40) ?? null,
      targetId: entry.target_id?.slice(0, 100) ?? null,
      outcome: entry.outcome ?? 'success',
      details: sanitizeAuditDetails(entry.details ?? {}),
      ipAddress: context.ipAddress,
      userAgent: context.userAgent,
      requestId: context.requestId,
    });
    await repository.save(row, { reload: false });
  }

  /**
   * Like `record`, for events outside any transaction whose loss must not fail the request
   * (e.g. a failed login): never joins a transaction; errors are logged, not thrown.
   */
  async recordSafely(entry: AuditEntry): Promise<void> {
    try {
      await this.write(entry, this.logs);
    } catch (error: unknown) {
      this.logger.error({ err: error, action: entry.action }, 'Could not write an audit event');
    }
  }

  /** The events about one target (e.g. a student), newest first, read in the current transaction. */
  eventsAbout(targetType: string, targetId: string): Promise<AuditLog[]> {
    return (this.txHost?.tx ?? this.logs.manager).find(AuditLog, {
      where: { targetType, targetId },
      order: { occurredAt: 'DESC' },
    });
  }

  async list(query: ListAuditLogsQueryDto): Promise<Page<AuditLog>> {
    const qb = this.logs.createQueryBuilder('log');
    if (query.actor_id) qb.andWhere('log.actor_id = :actorId', { actorId: query.actor_id });
    if (query.action) {
      if (query.action.endsWith('.*')) {
        const prefix = escapeLike(query.action.slice(0, -1));
        qb.andWhere('log.action LIKE :prefix', { prefix: `${prefix}%` });
      } else {
        qb.andWhere('log.action = :action', { action: query.action });
      }
    }
    if (query.target) {
      const colon = query.target.indexOf(':');
      const type = colon === -1 ? query.target : query.target.slice(0, colon);
      qb.andWhere('log.target_type = :targetType', { targetType: type });
      if (colon !== -1) {
        qb.andWhere('log.target_id = :targetId', { targetId: query.target.slice(colon + 1) });
      }
    }
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && from > to) {
      throw new ValidationFailedError([{ field: 'from', message: 'from must not be after to' }]);
    }
    if (from) qb.andWhere('log.occurred_at >= :from', { from });
    if (to) qb.andWhere('log.occurred_at < :to', { to });
    qb.orderBy('log.occurred_at', 'DESC')
      .addOrderBy('log.id', 'DESC')
      .skip((query.page - 1) * query.per_page)
      .take(query.per_page);
    const [rows, total] = await qb.getManyAndCount();
    return toPage(rows, total, query.page, query.per_page);
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { ValidationFailedError } from '../common/errors/validation-failed.error';
import type { Page } from '../common/pagination/page';
import { RequestContext } from '../common/request-context/request-context';
import { auditContextOf } from './audit-context';
import { sanitizeAuditDetails } from './audit-details';
import type { AuditEntry } from './audit-entry';
import { AuditLogRepository, type NewAuditLog } from './audit-log.repository';
import { ListAuditLogsQueryDto } from './dto/list-audit-logs-query.dto';
import type { AuditLog } from './entities/audit-log.entity';

/**
 * The append-only audit log. Other modules call `record` for security-relevant and
 * data-changing actions. The row is written in the caller's transaction (`@Transactional()` on
 * the main pool, or an import's on the heavy pool), so it commits or rolls back with the change
 * it describes. IP, user agent, request id and, unless the entry names one, the actor
 * come from the request context.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    private readonly logs: AuditLogRepository,
    // The command-line tools build the service outside the container: no request there.
    private readonly context: RequestContext = RequestContext.outsideContainer(),
  ) {}

  /** Writes the entry in the current transaction, else on its own. */
  async record(entry: AuditEntry): Promise<void> {
    await this.logs.insert(this.rowOf(entry));
  }

  /**
   * Like `record`, for events outside any transaction whose loss must not fail the request
   * (e.g. a failed login): never joins a transaction; errors are logged, not thrown.
   */
  async recordSafely(entry: AuditEntry): Promise<void> {
    try {
      await this.logs.insertOutsideTransactions(this.rowOf(entry));
    } catch (error: unknown) {
      this.logger.error({ err: error, action: entry.action }, 'Could not write an audit event');
    }
  }

  /** The events about one target (e.g. a student), newest first, read in the current transaction. */
  eventsAbout(targetType: string, targetId: string): Promise<AuditLog[]> {
    return this.logs.aboutTarget(targetType, targetId);
  }

  async list(query: ListAuditLogsQueryDto): Promise<Page<AuditLog>> {
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && from > to) {
      throw new ValidationFailedError([{ field: 'from', message: 'from must not be after to' }]);
    }
    const colon = query.target ? query.target.indexOf(':') : -1;
    return this.logs.page(
      {
        actorId: query.actor_id,
        action: query.action,
        targetType: query.target
          ? query.target.slice(0, colon === -1 ? undefined : colon)
          : undefined,
        targetId: query.target && colon !== -1 ? query.target.slice(colon + 1) : undefined,
        from,
        to,
      },
      query.page,
      query.per_page,
    );
  }

  /** The row: the entry, clipped to the columns, with the request context unless it names its own. */
  private rowOf(entry: AuditEntry): NewAuditLog {
    const context = auditContextOf(entry.request !== undefined ? entry.request : this.context);
    const actor = entry.actor !== undefined ? entry.actor : this.context.caller;
    return {
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
    };
  }
}

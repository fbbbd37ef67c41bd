import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource, EntityManager, Repository } from 'typeorm';
import type { AuditActor } from '../audit/audit-entry';
import { AuditService } from '../audit/audit.service';
import { Page, toPage } from '../common/pagination/page';
import { normalizeReturning } from '../database/normalize-returning';
import { ListOutboxMailsQueryDto } from './dto/list-outbox-mails-query.dto';
import { OutboxMail } from './entities/outbox-mail.entity';
import type { RenderedMail } from './mail-message';
import { MailOutboxWorker } from './mail-outbox.worker';
import type { MailKind } from './mail-values';
import {
  OutboxMailExpiredError,
  OutboxMailNotFailedError,
  OutboxMailNotFoundError,
} from './mail.errors';

/** A rendered mail to queue: every mail has a plain-text and an HTML part. */
export interface QueuedMail extends RenderedMail {
  kind: MailKind;
  /** A second mail with the same key is not queued. */
  dedupeKey?: string;
}

/** Marks a transaction that queued mail, so the worker is woken once it commits. */
const QUEUED_MAIL = Symbol('mail-outbox.queued');

/**
 * The transactional mail outbox. `enqueue` writes the mail with the transaction of the event
 * it is about (it is sent only if that commits, and then surely); the worker sends it.
 * Administrators list the outbox and retry given-up mails.
 */
@Injectable()
export class MailOutboxService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(OutboxMail) private readonly mails: Repository<OutboxMail>,
    private readonly worker: MailOutboxWorker,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    // Wakes this instance's worker after a transaction that queued mail has committed.
    this.dataSource.subscribers.push({
      afterTransactionCommit: (event) => {
        const data = event.queryRunner.data as Record<symbol, unknown>;
        if (!data[QUEUED_MAIL]) return;
        delete data[QUEUED_MAIL];
        this.worker.wake();
      },
      afterTransactionRollback: (event) => {
        delete (event.queryRunner.data as Record<symbol, unknown>)[QUEUED_MAIL];
      },
    });
  }

  /** Queues a mail in `manager`'s transaction. */
  async enqueue(manager: EntityManager, mail: QueuedMail): Promise<void> {
    await manager.query(
      `INSERT INTO mail_outbox (kind, recipient, subject, text, html, dedupe_key)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [mail.kind, mail.to, mail.subject, mail.text, mail.html, mail.dedupeKey ?? null],
    );
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) {
      (runner.data as Record<symbol, unknown>)[QUEUED_MAIL] = true;
    } else {
      this.worker.wake();
    }
  }

  async list(query: ListOutboxMailsQueryDto): Promise<Page<OutboxMail>> {
    const qb = this.mails.createQueryBuilder('m');
    if (query.status) qb.andWhere('m.status = :status', { status: query.status });
    if (query.kind) qb.andWhere('m.kind = :kind', { kind: query.kind });
    qb.orderBy('m.created_at', 'DESC')
      .addOrderBy('m.id', 'ASC')
      .skip((query.page - 1) * query.per_page)
      .take(query.per_page);
    const [mails, total] = await qb.getManyAndCount();
    return toPage(mails, total, query.page, query.per_page);
  }

  /** Puts a given-up mail back in the queue with a fresh count of tries. */
  async retry(id: string, actor: AuditActor, request: Request): Promise<OutboxMail> {
    const mail = await this.dataSource.transaction(async (manager) => {
      const result: unknown = await manager.query(
        `UPDATE mail_outbox
            SET status = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now()
          WHERE id = $1 AND status = 'failed' AND (text IS NOT NULL OR payload IS NOT NULL)
          RETURNING id`,
        [id],
      );
      if (normalizeReturning<{ id: string }>(result).length === 0) {
        const current = await manager.getRepository(OutboxMail).findOneBy({ id });
        if (!current) throw new OutboxMailNotFoundError();
        if (current.status !== 'failed') throw new OutboxMailNotFailedError(current.status);
        throw new OutboxMailExpiredError();
      }
      await this.audit.record(
        {
          actor,
          action: 'mail.retried',
          target_type: 'mail',
          target_id: id,
          request,
        },
        manager,
      );
      return manager.getRepository(OutboxMail).findOneByOrFail({ id });
    });
    this.worker.wake();
    return mail;
  }
}

import { Transactional } from '@nestjs-cls/transactional';
import { Injectable, OnModuleInit } from '@nestjs/common';
import type { AuditActor } from '../audit/audit-entry';
import { AuditService } from '../audit/audit.service';
import { Page, toPage } from '../common/pagination/page';
import { ListOutboxMailsQueryDto } from './dto/list-outbox-mails-query.dto';
import type { OutboxMail } from './entities/outbox-mail.entity';
import type { QueuedMail } from './mail-message';
import { MailOutboxRepository } from './mail-outbox.repository';
import { MailOutboxWorker } from './mail-outbox.worker';
import {
  OutboxMailExpiredError,
  OutboxMailNotFailedError,
  OutboxMailNotFoundError,
} from './mail.errors';

/**
 * The transactional mail outbox. `enqueue` writes the mail in the current transaction, that
 * of the event it is about (it is sent only if that commits, and then surely); the worker
 * sends it. Administrators list the outbox and retry given-up mails.
 */
@Injectable()
export class MailOutboxService implements OnModuleInit {
  constructor(
    private readonly mails: MailOutboxRepository,
    private readonly worker: MailOutboxWorker,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    // Wakes this instance's worker after a transaction that queued mail has committed.
    this.mails.onQueuedMailCommitted(() => this.worker.wake());
  }

  /** Queues a mail in the current transaction (outside one, it is queued and sent at once). */
  async enqueue(mail: QueuedMail): Promise<void> {
    const awaitsCommit = await this.mails.insert(mail);
    if (!awaitsCommit) this.worker.wake();
  }

  async list(query: ListOutboxMailsQueryDto): Promise<Page<OutboxMail>> {
    const [mails, total] = await this.mails.page(
      { status: query.status, kind: query.kind },
      query.page,
      query.per_page,
    );
    return toPage(mails, total, query.page, query.per_page);
  }

  /** Puts a given-up mail back in the queue with a fresh count of tries. */
  async retry(id: string, actor: AuditActor): Promise<OutboxMail> {
    const mail = await this.requeue(id, actor);
    this.worker.wake();
    return mail;
  }

  /** The retry and its audit row, in one transaction. */
  @Transactional()
  private async requeue(id: string, actor: AuditActor): Promise<OutboxMail> {
    if (!(await this.mails.requeueFailed(id))) {
      const current = await this.mails.find(id);
      if (!current) throw new OutboxMailNotFoundError();
      if (current.status !== 'failed') throw new OutboxMailNotFailedError(current.status);
      throw new OutboxMailExpiredError();
    }
    await this.audit.record({ actor, action: 'mail.retried', target_type: 'mail', target_id: id });
    const mail = await this.mails.find(id);
    if (!mail) throw new OutboxMailNotFoundError();
    return mail;
  }
}

import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { normalizeReturning } from '../database/normalize-returning';
import type { MainTransactionHost } from '../database/transactions';
import { OutboxMail } from './entities/outbox-mail.entity';
import type { QueuedMail } from './mail-message';
import type { MailKind, MailStatus } from './mail-values';

/** A mail the worker has claimed to send. */
export interface ClaimedMail {
  id: string;
  kind: MailKind;
  recipient: string;
  subject: string;
  text: string | null;
  html: string | null;
  payload: Record<string, unknown> | null;
  attempts: number;
}

/** Marks a transaction that queued mail, so the worker is woken once it commits. */
const QUEUED_MAIL = Symbol('mail-outbox.queued');

/**
 * The mail module's only access to `mail_outbox`, in the current transaction: queuing, the
 * administrators' list and retry, and the worker's claims, outcomes and retention sweep.
 */
@Injectable()
export class MailOutboxRepository {
  constructor(@InjectTransactionHost() private readonly txHost: MainTransactionHost) {}

  /** Calls `queued` after each commit of a transaction that queued mail through `insert`. */
  onQueuedMailCommitted(queued: () => void): void {
    this.txHost.tx.connection.subscribers.push({
      afterTransactionCommit: (event) => {
        const data = event.queryRunner.data as Record<symbol, unknown>;
        if (!data[QUEUED_MAIL]) return;
        delete data[QUEUED_MAIL];
        queued();
      },
      afterTransactionRollback: (event) => {
        delete (event.queryRunner.data as Record<symbol, unknown>)[QUEUED_MAIL];
      },
    });
  }

  /**
   * Inserts the mail (none if one with its dedupe key exists); returns whether it is in a
   * transaction still to commit (then onQueuedMailCommitted's callback follows the commit).
   */
  async insert(mail: QueuedMail): Promise<boolean> {
    const tx = this.txHost.tx;
    await tx.query(
      `INSERT INTO mail_outbox (kind, recipient, subject, text, html, dedupe_key)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [mail.kind, mail.to, mail.subject, mail.text, mail.html, mail.dedupeKey ?? null],
    );
    const runner = tx.queryRunner;
    if (!runner?.isTransactionActive) return false;
    (runner.data as Record<symbol, unknown>)[QUEUED_MAIL] = true;
    return true;
  }

  /** One page of the outbox, newest first, and how many mails match. */
  page(
    filter: { status?: MailStatus; kind?: MailKind },
    page: number,
    perPage: number,
  ): Promise<[OutboxMail[], number]> {
    return this.txHost.tx.getRepository(OutboxMail).findAndCount({
      where: {
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.kind ? { kind: filter.kind } : {}),
      },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (page - 1) * perPage,
      take: perPage,
    });
  }

  /**
   * Puts a given-up mail whose body is kept back in the queue with a fresh count of tries;
   * returns false when there is no such mail (missing, not failed, or erased).
   */
  async requeueFailed(id: string): Promise<boolean> {
    const result: unknown = await this.txHost.tx.query(
      `UPDATE mail_outbox
          SET status = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'failed' AND (text IS NOT NULL OR payload IS NOT NULL)
        RETURNING id`,
      [id],
    );
    return normalizeReturning<{ id: string }>(result).length > 0;
  }

  find(id: string): Promise<OutboxMail | null> {
    return this.txHost.tx.getRepository(OutboxMail).findOneBy({ id });
  }

  /**
   * Claims up to `limit` due mails (pending and due, or sending past their lease) under
   * `claimId` for `leaseSeconds`, skipping rows another instance holds; counts the try.
   */
  async claimDue(limit: number, claimId: string, leaseSeconds: number): Promise<ClaimedMail[]> {
    const result: unknown = await this.txHost.tx.query(
      `WITH due AS (
         SELECT id FROM mail_outbox
          WHERE (status = 'pending' AND next_attempt_at <= now())
             OR (status = 'sending' AND locked_until <= now())
          ORDER BY next_attempt_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED
       )
       UPDATE mail_outbox m
          SET status = 'sending', claim_id = $2, attempts = m.attempts + 1,
              locked_until = now() + make_interval(secs => $3), updated_at = now()
         FROM due
        WHERE m.id = due.id
       RETURNING m.id, m.kind, m.recipient, m.subject, m.text, m.html, m.payload, m.attempts`,
      [limit, claimId, leaseSeconds],
    );
    return normalizeReturning<ClaimedMail>(result);
  }

  /** Marks a claimed mail sent and drops its body (it may hold a token). */
  async markSent(id: string, claimId: string): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE mail_outbox
          SET status = 'sent', sent_at = now(), text = NULL, html = NULL, payload = NULL,
              claim_id = NULL, locked_until = NULL, updated_at = now()
        WHERE id = $1 AND claim_id = $2`,
      [id, claimId],
    );
  }

  /** Gives up on a claimed mail, keeping its last error. */
  async markFailed(id: string, claimId: string, error: string): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE mail_outbox
          SET status = 'failed', last_error = $3, claim_id = NULL, locked_until = NULL,
              updated_at = now()
        WHERE id = $1 AND claim_id = $2`,
      [id, claimId, error],
    );
  }

  /** Puts a claimed mail back in the queue, due in `delaySeconds`, with its last error. */
  async reschedule(
    id: string,
    claimId: string,
    error: string,
    delaySeconds: number,
  ): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE mail_outbox
          SET status = 'pending', last_error = $3, claim_id = NULL, locked_until = NULL,
              next_attempt_at = now() + make_interval(secs => $4), updated_at = now()
        WHERE id = $1 AND claim_id = $2`,
      [id, claimId, error, delaySeconds],
    );
  }

  /** Deletes sent mails older than `sentDays`; erases bodies failed over `failedHours` ago. */
  async sweep(sentDays: number, failedHours: number): Promise<void> {
    await this.txHost.tx.query(
      `DELETE FROM mail_outbox
        WHERE status = 'sent' AND sent_at < now() - make_interval(days => $1)`,
      [sentDays],
    );
    await this.txHost.tx.query(
      `UPDATE mail_outbox SET text = NULL, html = NULL, payload = NULL
        WHERE status = 'failed' AND updated_at < now() - make_interval(hours => $1)
          AND (text IS NOT NULL OR html IS NOT NULL OR payload IS NOT NULL)`,
      [failedHours],
    );
  }
}

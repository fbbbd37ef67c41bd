import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { normalizeReturning } from '../database/normalize-returning';
import type { MailMessage } from './mail-message';
import { MailTemplates } from './mail-templates';
import { singleLine } from './mail-text';
import type { MailKind } from './mail-values';
import { MailService } from './mail.service';
import { retryDelaySeconds } from './retry-backoff';

/**
 * How long a claim lasts. A mail still `sending` after it (its instance crashed or lost the
 * database) is claimed again by any instance. Longer than the transport's timeouts.
 */
export const CLAIM_LEASE_SECONDS = 120;
/** Sent mails are deleted this long after they were sent. */
export const SENT_RETENTION_DAYS = 30;
/** A given-up mail keeps its body (for a retry) this long, as long as its longest-lived token. */
export const FAILED_BODY_RETENTION_HOURS = 24;
/** How often an instance runs the retention sweep. */
const SWEEP_INTERVAL_MS = 3_600_000;
/** Longest wait between tries while the database is unreachable. */
const MAX_DATABASE_BACKOFF_MS = 15_000;

interface ClaimedRow {
  id: string;
  kind: MailKind;
  recipient: string;
  subject: string;
  text: string | null;
  html: string | null;
  payload: Record<string, unknown> | null;
  attempts: number;
}

type Outcome = { sent: true } | { sent: false; error: string };

interface Settlement {
  id: string;
  claimId: string;
  attempts: number;
  outcome: Outcome;
}

/**
 * The outbox worker, one per instance: claims due mails (`FOR UPDATE SKIP LOCKED`, so two
 * instances never claim the same one), sends them through the mail transport and records the
 * outcome. A failed try is retried with exponential backoff until config.outbox.maxAttempts,
 * then the mail is `failed`. Woken when a mail is queued on this instance, it otherwise polls
 * every config.outbox.pollIntervalMs (one indexed query). Database and SMTP outages are logged
 * and waited out; shutdown waits for the mails being sent.
 */
@Injectable()
export class MailOutboxWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MailOutboxWorker.name);
  private stopping = false;
  private woken = false;
  private interruptSleep: (() => void) | undefined;
  private running: Promise<void> | undefined;
  /** Outcomes not yet written (the database was unreachable); written before the next claim. */
  private unsettled: Settlement[] = [];
  private lastSweep = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transport: MailService,
    private readonly templates: MailTemplates,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.running = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    this.interruptSleep?.();
    await this.running;
  }

  /** Looks for due mails now (e.g. one was just committed) instead of at the next poll. */
  wake(): void {
    this.woken = true;
    this.interruptSleep?.();
  }

  private async run(): Promise<void> {
    const { pollIntervalMs, batchSize } = this.config.outbox;
    let databaseFailures = 0;
    while (!this.stopping) {
      let delay = pollIntervalMs;
      try {
        await this.writeUnsettled();
        const claimed = await this.processBatch();
        if (databaseFailures > 0) this.logger.log('Mail outbox: the database is reachable again');
        databaseFailures = 0;
        if (claimed >= batchSize) delay = 0;
        await this.sweepIfDue();
      } catch (error: unknown) {
        databaseFailures += 1;
        delay = Math.min(
          pollIntervalMs * 2 ** Math.min(databaseFailures, 10),
          Math.max(pollIntervalMs, MAX_DATABASE_BACKOFF_MS),
        );
        this.logger.warn(
          { err: error, retry_in_ms: delay, failures: databaseFailures },
          'Mail outbox: cannot reach the database; will try again',
        );
      }
      await this.sleep(delay);
    }
    // Last chance for outcomes the database did not take; their leases cover the rest.
    await this.writeUnsettled().catch(() => undefined);
  }

  /** Claims up to batchSize due mails and sends them; returns how many were claimed. */
  private async processBatch(): Promise<number> {
    const claimId = randomUUID();
    const result: unknown = await this.dataSource.query(
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
      [this.config.outbox.batchSize, claimId, CLAIM_LEASE_SECONDS],
    );
    const rows = normalizeReturning<ClaimedRow>(result);
    if (rows.length === 0) return 0;
    // Sent side by side, so a batch takes about as long as its slowest mail.
    const settlements = await Promise.all(
      rows.map(async (row) => ({
        id: row.id,
        claimId,
        attempts: row.attempts,
        outcome: await this.deliver(row),
      })),
    );
    for (const settlement of settlements) {
      try {
        await this.settle(settlement);
      } catch (error: unknown) {
        this.unsettled.push(settlement);
        this.logger.warn(
          { err: error, mail_id: settlement.id },
          'Mail outbox: could not record the outcome of a mail; will try again',
        );
      }
    }
    return rows.length;
  }

  private async deliver(row: ClaimedRow): Promise<Outcome> {
    try {
      await this.transport.send(this.messageOf(row));
      return { sent: true };
    } catch (error: unknown) {
      return { sent: false, error: describe(error) };
    }
  }

  private messageOf(row: ClaimedRow): MailMessage {
    if (row.text !== null) {
      return {
        to: row.recipient,
        subject: singleLine(row.subject),
        text: row.text,
        html: row.html ?? undefined,
      };
    }
    if (row.payload === null) throw new Error('The body of this mail has been erased');
    const body = this.templates.render(row.kind, row.payload);
    // Subjects may carry staff-written text (an alert rule's name): always one line.
    return { to: row.recipient, subject: singleLine(row.subject), ...body };
  }

  private async settle({ id, claimId, attempts, outcome }: Settlement): Promise<void> {
    if (outcome.sent) {
      // The body may hold a token: it is not kept once the mail is out.
      await this.dataSource.query(
        `UPDATE mail_outbox
            SET status = 'sent', sent_at = now(), text = NULL, html = NULL, payload = NULL,
                claim_id = NULL, locked_until = NULL, updated_at = now()
          WHERE id = $1 AND claim_id = $2`,
        [id, claimId],
      );
      return;
    }
    const { maxAttempts } = this.config.outbox;
    if (attempts >= maxAttempts) {
      await this.dataSource.query(
        `UPDATE mail_outbox
            SET status = 'failed', last_error = $3, claim_id = NULL, locked_until = NULL,
                updated_at = now()
          WHERE id = $1 AND claim_id = $2`,
        [id, claimId, outcome.error],
      );
      this.logger.error(
        { mail_id: id, attempts, err_message: outcome.error },
        'Mail outbox: giving up on a mail after its last try; an administrator can retry it',
      );
      return;
    }
    const delaySeconds = retryDelaySeconds(attempts, this.config.outbox);
    await this.dataSource.query(
      `UPDATE mail_outbox
          SET status = 'pending', last_error = $3, claim_id = NULL, locked_until = NULL,
              next_attempt_at = now() + make_interval(secs => $4), updated_at = now()
        WHERE id = $1 AND claim_id = $2`,
      [id, claimId, outcome.error, delaySeconds],
    );
    this.logger.warn(
      {
        mail_id: id,
        attempts,
        retry_in_s: Math.round(delaySeconds * 10) / 10,
        err_message: outcome.error,
      },
      'Mail outbox: sending failed; will try again',
    );
  }

  private async writeUnsettled(): Promise<void> {
    while (this.unsettled.length > 0) {
      await this.settle(this.unsettled[0]);
      this.unsettled.shift();
    }
  }

  /** Deletes old sent mails and erases the bodies of long-failed ones (at most hourly). */
  private async sweepIfDue(): Promise<void> {
    if (Date.now() - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = Date.now();
    await this.dataSource.query(
      `DELETE FROM mail_outbox
        WHERE status = 'sent' AND sent_at < now() - make_interval(days => $1)`,
      [SENT_RETENTION_DAYS],
    );
    await this.dataSource.query(
      `UPDATE mail_outbox SET text = NULL, html = NULL, payload = NULL
        WHERE status = 'failed' AND updated_at < now() - make_interval(hours => $1)
          AND (text IS NOT NULL OR html IS NOT NULL OR payload IS NOT NULL)`,
      [FAILED_BODY_RETENTION_HOURS],
    );
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping || this.woken || ms <= 0) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.interruptSleep = undefined;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.interruptSleep = done;
    });
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message || 'Unknown error').slice(0, 1000);
}

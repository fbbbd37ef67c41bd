import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import type { MailMessage } from './mail-message';
import { ClaimedMail, MailOutboxRepository } from './mail-outbox.repository';
import { MailTemplates } from './mail-templates';
import { singleLine } from './mail-text';
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
    private readonly mails: MailOutboxRepository,
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
    const rows = await this.mails.claimDue(
      this.config.outbox.batchSize,
      claimId,
      CLAIM_LEASE_SECONDS,
    );
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

  private async deliver(row: ClaimedMail): Promise<Outcome> {
    try {
      await this.transport.send(this.messageOf(row));
      return { sent: true };
    } catch (error: unknown) {
      return { sent: false, error: describe(error) };
    }
  }

  private messageOf(row: ClaimedMail): MailMessage {
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
      await this.mails.markSent(id, claimId);
      return;
    }
    const { maxAttempts } = this.config.outbox;
    if (attempts >= maxAttempts) {
      await this.mails.markFailed(id, claimId, outcome.error);
      this.logger.error(
        { mail_id: id, attempts, err_message: outcome.error },
        'Mail outbox: giving up on a mail after its last try; an administrator can retry it',
      );
      return;
    }
    const delaySeconds = retryDelaySeconds(attempts, this.config.outbox);
    await this.mails.reschedule(id, claimId, outcome.error, delaySeconds);
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
    await this.mails.sweep(SENT_RETENTION_DAYS, FAILED_BODY_RETENTION_HOURS);
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

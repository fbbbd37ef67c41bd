import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn } from '../../database/columns/timestamp-columns';
import { MAIL_KINDS, MAIL_STATUSES, type MailKind, type MailStatus } from '../mail-values';

/**
 * One email of the transactional outbox, written in the transaction of the event it tells
 * about and sent by the outbox worker. The body (`text`, `html`, or `payload` for mails rendered
 * at send time) may hold a one-time token: it is cleared as soon as the mail is sent, and a
 * given-up mail keeps it only until its retention ends (see MailOutboxService).
 */
@Entity({ name: 'mail_outbox' })
@Check('mail_outbox_status_check', `"status" IN (${MAIL_STATUSES.map((s) => `'${s}'`).join(', ')})`)
@Check('mail_outbox_kind_check', `"kind" IN (${MAIL_KINDS.map((k) => `'${k}'`).join(', ')})`)
@Index('mail_outbox_due_idx', ['nextAttemptAt'], { where: `"status" = 'pending'` })
@Index('mail_outbox_lease_idx', ['lockedUntil'], { where: `"status" = 'sending'` })
@Index('mail_outbox_status_created_idx', ['status', 'createdAt'])
export class OutboxMail {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 30 })
  kind!: MailKind;

  @Column({ type: 'varchar', length: 254 })
  recipient!: string;

  @Column({ type: 'varchar', length: 300 })
  subject!: string;

  /** Plain-text body; null once sent (or for mails rendered from `payload`). */
  @Column({ type: 'text', nullable: true })
  text!: string | null;

  @Column({ type: 'text', nullable: true })
  html!: string | null;

  /** Data of a mail rendered at send time by its kind's template; null once sent. */
  @Column({ type: 'jsonb', nullable: true })
  payload!: Record<string, unknown> | null;

  /** Makes enqueueing idempotent: a second mail with the same key is not written. */
  @Index('mail_outbox_dedupe_key_key', { unique: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  dedupeKey!: string | null;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status!: MailStatus;

  /** Tries so far (counted when a worker claims the mail). */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  /** The claim of the worker sending it (status `sending`); its lease ends at `lockedUntil`. */
  @Column({ type: 'uuid', nullable: true })
  claimId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

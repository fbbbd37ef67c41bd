import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { IsNull, Not } from 'typeorm';
import { normalizeReturning } from '../database/normalize-returning';
import type { MainTransactionHost } from '../database/transactions';
import { Notification } from './entities/notification.entity';

/** A notification to create for one user. */
export interface NewNotification {
  userId: string;
  type: string;
  title: string;
  message: string;
  data?: Record<string, unknown>;
}

/** The notifications module's only access to `notifications`, in the current transaction. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectTransactionHost() private readonly txHost: MainTransactionHost) {}

  async insert(notification: NewNotification): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO notifications (user_id, type, title, message, data)
       VALUES ($1, $2, $3, $4, $5::jsonb)`,
      [
        notification.userId,
        notification.type.slice(0, 50),
        notification.title.slice(0, 200),
        notification.message,
        JSON.stringify(notification.data ?? {}),
      ],
    );
  }

  /** One page of a user's notifications, newest first (`unread`: only unread, or only read). */
  pageOfUser(
    userId: string,
    unread: boolean | undefined,
    page: number,
    perPage: number,
  ): Promise<[Notification[], number]> {
    const readAt = unread === undefined ? undefined : unread ? IsNull() : Not(IsNull());
    return this.txHost.tx.getRepository(Notification).findAndCount({
      where: { userId, ...(readAt ? { readAt } : {}) },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * perPage,
      take: perPage,
    });
  }

  /** Marks a user's notification read (keeping the first time); null if the user has no such one. */
  async markRead(id: string, userId: string): Promise<Notification | null> {
    const rows = normalizeReturning<{ id: string }>(
      await this.txHost.tx.query(
        `UPDATE notifications SET read_at = COALESCE(read_at, now())
         WHERE id = $1 AND user_id = $2 RETURNING id`,
        [id, userId],
      ),
    );
    if (rows.length === 0) return null;
    return this.txHost.tx.getRepository(Notification).findOneByOrFail({ id, userId });
  }

  /** Marks every unread notification of a user read; returns how many changed. */
  async markAllRead(userId: string): Promise<number> {
    const result = await this.txHost.tx
      .getRepository(Notification)
      .update({ userId, readAt: IsNull() }, { readAt: () => 'now()' });
    return result.affected ?? 0;
  }

  /** Every notification of a user, newest first. */
  allOfUser(userId: string): Promise<Notification[]> {
    return this.txHost.tx
      .getRepository(Notification)
      .find({ where: { userId }, order: { createdAt: 'DESC' } });
  }

  /** Removes a user's notifications; returns how many. */
  async deleteOfUser(userId: string): Promise<number> {
    const removed = await this.txHost.tx.getRepository(Notification).delete({ userId });
    return removed.affected ?? 0;
  }
}

import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, Not } from 'typeorm';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import { Page, toPage } from '../common/pagination/page';
import { normalizeReturning } from '../database/normalize-returning';
import type { MainTransactionHost } from '../database/transactions';
import { ListNotificationsQueryDto } from './dto/list-notifications-query.dto';
import { Notification } from './entities/notification.entity';
import { NotificationNotFoundError } from './notifications.errors';

/** A notification to create for one user. */
export interface NewNotification {
  userId: string;
  type: string;
  title: string;
  message: string;
  data?: Record<string, unknown>;
}

/** Messages to one user: each user sees and marks only their own (ownership in the query). */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectTransactionHost() private readonly txHost: MainTransactionHost,
  ) {}

  /** Creates a notification in the current transaction, so that it commits with its cause. */
  async notify(notification: NewNotification): Promise<void> {
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

  async list(
    caller: AuthenticatedUser,
    query: ListNotificationsQueryDto,
  ): Promise<Page<Notification>> {
    const readAt = query.unread === undefined ? undefined : query.unread ? IsNull() : Not(IsNull());
    const [rows, total] = await this.dataSource.getRepository(Notification).findAndCount({
      where: { userId: caller.id, ...(readAt ? { readAt } : {}) },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (query.page - 1) * query.per_page,
      take: query.per_page,
    });
    return toPage(rows, total, query.page, query.per_page);
  }

  /** Marks one of the caller's notifications read (once: a second call keeps the first time). */
  async markRead(caller: AuthenticatedUser, id: string): Promise<Notification> {
    const rows = normalizeReturning<{ id: string }>(
      await this.dataSource.query(
        `UPDATE notifications SET read_at = COALESCE(read_at, now())
         WHERE id = $1 AND user_id = $2 RETURNING id`,
        [id, caller.id],
      ),
    );
    if (rows.length === 0) throw new NotificationNotFoundError(id);
    return this.dataSource.getRepository(Notification).findOneByOrFail({ id, userId: caller.id });
  }

  /** Marks every unread notification of the caller read; returns how many changed. */
  async markAllRead(caller: AuthenticatedUser): Promise<number> {
    const result = await this.dataSource
      .getRepository(Notification)
      .update({ userId: caller.id, readAt: IsNull() }, { readAt: () => 'now()' });
    return result.affected ?? 0;
  }
}

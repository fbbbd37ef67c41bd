import { Injectable } from '@nestjs/common';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import { Page, toPage } from '../common/pagination/page';
import { ListNotificationsQueryDto } from './dto/list-notifications-query.dto';
import type { Notification } from './entities/notification.entity';
import { NotificationNotFoundError } from './notifications.errors';
import { NewNotification, NotificationsRepository } from './notifications.repository';

/** Messages to one user: each user sees and marks only their own (ownership in the query). */
@Injectable()
export class NotificationsService {
  constructor(private readonly notifications: NotificationsRepository) {}

  /** Creates a notification in the current transaction, so that it commits with its cause. */
  async notify(notification: NewNotification): Promise<void> {
    await this.notifications.insert(notification);
  }

  async list(
    caller: AuthenticatedUser,
    query: ListNotificationsQueryDto,
  ): Promise<Page<Notification>> {
    const [rows, total] = await this.notifications.pageOfUser(
      caller.id,
      query.unread,
      query.page,
      query.per_page,
    );
    return toPage(rows, total, query.page, query.per_page);
  }

  /** Marks one of the caller's notifications read (once: a second call keeps the first time). */
  async markRead(caller: AuthenticatedUser, id: string): Promise<Notification> {
    const notification = await this.notifications.markRead(id, caller.id);
    if (!notification) throw new NotificationNotFoundError(id);
    return notification;
  }

  /** Marks every unread notification of the caller read; returns how many changed. */
  async markAllRead(caller: AuthenticatedUser): Promise<number> {
    return this.notifications.markAllRead(caller.id);
  }
}

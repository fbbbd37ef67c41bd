import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { MainTransactionHost } from '../database/transactions';
import { Alert } from './entities/alert.entity';
import { Intervention } from './entities/intervention.entity';
import { Notification } from './entities/notification.entity';

/**
 * What the notifications module holds about one student, for the privacy export and erasure,
 * read and changed in the current transaction.
 */
@Injectable()
export class NotificationsPrivacyService {
  constructor(@InjectTransactionHost() private readonly txHost: MainTransactionHost) {}

  /** The student's alerts and interventions, and their account's notifications, newest first. */
  async heldAbout(
    studentProfileId: string,
    userId: string | null,
  ): Promise<{ alerts: Alert[]; interventions: Intervention[]; notifications: Notification[] }> {
    const where = { studentProfileId };
    // One after another: a transaction is one connection, one query at a time.
    const alerts = await this.txHost.tx.find(Alert, { where, order: { createdAt: 'DESC' } });
    const interventions = await this.txHost.tx.find(Intervention, {
      where,
      order: { createdAt: 'DESC' },
    });
    const notifications = userId
      ? await this.txHost.tx.find(Notification, { where: { userId }, order: { createdAt: 'DESC' } })
      : [];
    return { alerts, interventions, notifications };
  }

  /** How many alerts and interventions the erasure of the profile removes (by cascade). */
  async countAbout(studentProfileId: string): Promise<{ alerts: number; interventions: number }> {
    const where = { studentProfileId };
    const alerts = await this.txHost.tx.countBy(Alert, where);
    const interventions = await this.txHost.tx.countBy(Intervention, where);
    return { alerts, interventions };
  }

  /** Removes an account's notifications; returns how many. */
  async removeNotificationsOf(userId: string): Promise<number> {
    const removed = await this.txHost.tx.delete(Notification, { userId });
    return removed.affected ?? 0;
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Alert } from './entities/alert.entity';
import { Intervention } from './entities/intervention.entity';
import { Notification } from './entities/notification.entity';

/** What the notifications module holds about one student, for the privacy export and erasure. */
@Injectable()
export class NotificationsPrivacyService {
  /** The student's alerts and interventions, and their account's notifications, newest first. */
  async heldAbout(
    studentProfileId: string,
    userId: string | null,
    manager: EntityManager,
  ): Promise<{ alerts: Alert[]; interventions: Intervention[]; notifications: Notification[] }> {
    const where = { studentProfileId };
    // One after another: the manager's transaction is one connection, one query at a time.
    const alerts = await manager.find(Alert, { where, order: { createdAt: 'DESC' } });
    const interventions = await manager.find(Intervention, {
      where,
      order: { createdAt: 'DESC' },
    });
    const notifications = userId
      ? await manager.find(Notification, { where: { userId }, order: { createdAt: 'DESC' } })
      : [];
    return { alerts, interventions, notifications };
  }

  /** How many alerts and interventions the erasure of the profile removes (by cascade). */
  async countAbout(
    studentProfileId: string,
    manager: EntityManager,
  ): Promise<{ alerts: number; interventions: number }> {
    const where = { studentProfileId };
    const alerts = await manager.countBy(Alert, where);
    const interventions = await manager.countBy(Intervention, where);
    return { alerts, interventions };
  }

  /** Removes an account's notifications; returns how many. */
  async removeNotificationsOf(userId: string, manager: EntityManager): Promise<number> {
    const removed = await manager.delete(Notification, { userId });
    return removed.affected ?? 0;
  }
}

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
    const [alerts, interventions, notifications] = await Promise.all([
      manager.find(Alert, { where, order: { createdAt: 'DESC' } }),
      manager.find(Intervention, { where, order: { createdAt: 'DESC' } }),
      userId
        ? manager.find(Notification, { where: { userId }, order: { createdAt: 'DESC' } })
        : Promise.resolve([]),
    ]);
    return { alerts, interventions, notifications };
  }

  /** How many alerts and interventions the erasure of the profile removes (by cascade). */
  async countAbout(
    studentProfileId: string,
    manager: EntityManager,
  ): Promise<{ alerts: number; interventions: number }> {
    const where = { studentProfileId };
    const [alerts, interventions] = await Promise.all([
      manager.countBy(Alert, where),
      manager.countBy(Intervention, where),
    ]);
    return { alerts, interventions };
  }

  /** Removes an account's notifications; returns how many. */
  async removeNotificationsOf(userId: string, manager: EntityManager): Promise<number> {
    const removed = await manager.delete(Notification, { userId });
    return removed.affected ?? 0;
  }
}

import { Injectable } from '@nestjs/common';
import { AlertsRepository } from './alerts.repository';
import type { Alert } from './entities/alert.entity';
import type { Intervention } from './entities/intervention.entity';
import type { Notification } from './entities/notification.entity';
import { InterventionsRepository } from './interventions.repository';
import { NotificationsRepository } from './notifications.repository';

/**
 * What the notifications module holds about one student, for the privacy export and erasure,
 * read and changed in the current transaction.
 */
@Injectable()
export class NotificationsPrivacyService {
  constructor(
    private readonly alerts: AlertsRepository,
    private readonly interventions: InterventionsRepository,
    private readonly notifications: NotificationsRepository,
  ) {}

  /** The student's alerts and interventions, and their account's notifications, newest first. */
  async heldAbout(
    studentProfileId: string,
    userId: string | null,
  ): Promise<{ alerts: Alert[]; interventions: Intervention[]; notifications: Notification[] }> {
    // One after another: a transaction is one connection, one query at a time.
    const alerts = await this.alerts.allOfStudent(studentProfileId);
    const interventions = await this.interventions.allOfStudent(studentProfileId);
    const notifications = userId ? await this.notifications.allOfUser(userId) : [];
    return { alerts, interventions, notifications };
  }

  /** How many alerts and interventions the erasure of the profile removes (by cascade). */
  async countAbout(studentProfileId: string): Promise<{ alerts: number; interventions: number }> {
    const alerts = await this.alerts.countOfStudent(studentProfileId);
    const interventions = await this.interventions.countOfStudent(studentProfileId);
    return { alerts, interventions };
  }

  /** Removes an account's notifications; returns how many. */
  removeNotificationsOf(userId: string): Promise<number> {
    return this.notifications.deleteOfUser(userId);
  }
}

import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MailModule } from '../mail/mail.module';
import { PredictionsModule } from '../predictions/predictions.module';
import { StudentsModule } from '../students/students.module';
import { AlertMailTemplate } from './alert-mail-template';
import { AlertRulesController } from './alert-rules.controller';
import { AlertRulesRepository } from './alert-rules.repository';
import { AlertRulesService } from './alert-rules.service';
import { AlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';
import { InterventionsController } from './interventions.controller';
import { InterventionsRepository } from './interventions.repository';
import { InterventionsService } from './interventions.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsPrivacyService } from './notifications-privacy.service';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { PredictionAlertsListener } from './prediction-alerts.listener';

/**
 * Notifications to users (`/api/notifications`), alerts about students (`/api/alerts`), the
 * rules that raise them (`/api/alert-rules`) and interventions
 * (`/api/students/{id}/interventions`, `/api/interventions/{id}`). Other modules may create
 * notifications (NotificationsService.notify) and evaluate the rules (AlertsService.evaluate);
 * stored predictions are evaluated as they are stored (PredictionAlertsListener).
 */
@Module({
  imports: [AuditModule, MailModule, StudentsModule, PredictionsModule],
  controllers: [
    NotificationsController,
    AlertsController,
    AlertRulesController,
    InterventionsController,
  ],
  providers: [
    NotificationsService,
    AlertsService,
    AlertRulesService,
    InterventionsService,
    AlertMailTemplate,
    PredictionAlertsListener,
    NotificationsPrivacyService,
    NotificationsRepository,
    AlertsRepository,
    AlertRulesRepository,
    InterventionsRepository,
  ],
  exports: [NotificationsService, AlertsService, NotificationsPrivacyService],
})
export class NotificationsModule {}

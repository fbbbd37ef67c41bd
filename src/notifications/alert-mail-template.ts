import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { MailTemplates } from '../mail/mail-templates';
import { alertMailBody } from './alert-mails';

/** Registers the template of the alert emails that the rule evaluation queues in SQL. */
@Injectable()
export class AlertMailTemplate implements OnModuleInit {
  constructor(
    private readonly templates: MailTemplates,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.templates.register('alert', (payload) => alertMailBody(payload, this.config));
  }
}

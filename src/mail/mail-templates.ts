import { Injectable } from '@nestjs/common';
import type { MailKind } from './mail-values';

/** The bodies a template renders from a queued mail's payload. */
export interface RenderedBody {
  text: string;
  html: string;
}

export type MailTemplate = (payload: Record<string, unknown>) => RenderedBody;

/**
 * Templates of the mails queued as data (from SQL, where rendering is not practical) and
 * rendered when they are sent. The module that queues such a kind registers its template when
 * it starts; a mail whose kind has no template fails like an undeliverable one.
 */
@Injectable()
export class MailTemplates {
  private readonly templates = new Map<MailKind, MailTemplate>();

  register(kind: MailKind, template: MailTemplate): void {
    this.templates.set(kind, template);
  }

  render(kind: MailKind, payload: Record<string, unknown>): RenderedBody {
    const template = this.templates.get(kind);
    if (!template) throw new Error(`No template is registered for mails of kind ${kind}`);
    return template(payload);
  }
}

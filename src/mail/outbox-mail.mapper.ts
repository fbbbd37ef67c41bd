import { OutboxMailResponseDto } from './dto/outbox-mail-response.dto';
import { OutboxMail } from './entities/outbox-mail.entity';

/** Never maps the body: it may carry a verification or reset token. */
export function toOutboxMailResponse(mail: OutboxMail): OutboxMailResponseDto {
  return {
    id: mail.id,
    kind: mail.kind,
    recipient: mail.recipient,
    subject: mail.subject,
    status: mail.status,
    attempts: mail.attempts,
    next_attempt_at: mail.nextAttemptAt.toISOString(),
    last_error: mail.lastError,
    sent_at: mail.sentAt?.toISOString() ?? null,
    created_at: mail.createdAt.toISOString(),
    updated_at: mail.updatedAt.toISOString(),
    has_body: mail.text !== null || mail.payload !== null,
  };
}

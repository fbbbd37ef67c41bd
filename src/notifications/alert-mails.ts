import type { AppConfig } from '../config/app-config';
import { escapeHtml, htmlMail } from '../mail/html';
import type { RenderedBody } from '../mail/mail-templates';
import { inertText, quotedName } from '../mail/mail-text';

/** One listed alert of an alert mail (as alertMailsCtes builds the payload). */
interface AlertLine {
  student_id: string;
  severity: string;
  rule: string;
  message: string;
}

/** A payload value as one inert line of text (rule names and messages are staff-written). */
function text(value: unknown): string {
  if (typeof value === 'string') return inertText(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

function linesOf(payload: Record<string, unknown>): AlertLine[] {
  const alerts = Array.isArray(payload.alerts) ? (payload.alerts as unknown[]) : [];
  return alerts.map((entry) => {
    const line = (entry ?? {}) as Record<string, unknown>;
    return {
      student_id: text(line.student_id),
      severity: text(line.severity),
      rule: text(line.rule),
      message: text(line.message),
    };
  });
}

/** The new-alerts email, from the payload queued with the alerts. */
export function alertMailBody(
  payload: Record<string, unknown>,
  config: Pick<AppConfig, 'appUrl'>,
): RenderedBody {
  const name = quotedName(typeof payload.first_name === 'string' ? payload.first_name : '');
  const lines = linesOf(payload);
  const total = Math.max(Number(payload.total) || 0, lines.length);
  const intro = total === 1 ? 'A new alert was opened:' : `${total} new alerts were opened:`;
  const more = total > lines.length ? [`… and ${total - lines.length} more.`] : [];
  const outro = [
    `See the open alerts with GET ${config.appUrl}/api/alerts?status=open.`,
    `You get these emails because of your alert email preference; change it with PATCH ${config.appUrl}/api/users/me/preferences.`,
  ];
  const plain = (line: AlertLine) =>
    `- [${line.severity}] student ${line.student_id}: ${line.message}`;
  return {
    text: [`Hello ${name},`, '', intro, ...lines.map(plain), ...more, '', ...outro].join('\n'),
    html: htmlMail([
      `Hello ${escapeHtml(name)},`,
      escapeHtml(intro),
      `<ul>${lines
        .map(
          (line) =>
            `<li><strong>${escapeHtml(line.severity)}</strong> – student ${escapeHtml(line.student_id)}: ${escapeHtml(line.message)}</li>`,
        )
        .join('')}</ul>${more.map(escapeHtml).join('')}`,
      ...outro.map(escapeHtml),
    ]),
  };
}

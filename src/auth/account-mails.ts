import type { AppConfig } from '../config/app-config';
import type { MailMessage } from '../mail/mail-message';

export interface MailRecipient {
  email: string;
  firstName: string;
}

const PRODUCT = 'Student Performance';

function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

function paragraphs(lines: string[]): string {
  return lines.map((line) => `<p>${line}</p>`).join('\n');
}

export function verificationLink(appUrl: string, token: string): string {
  return `${appUrl}/api/auth/verify-email?token=${encodeURIComponent(token)}`;
}

/** The verification email: a link to GET /api/auth/verify-email, and the token itself. */
export function verificationMail(
  to: MailRecipient,
  token: string,
  config: Pick<AppConfig, 'appUrl'>,
): MailMessage {
  const link = verificationLink(config.appUrl, token);
  const name = to.firstName;
  return {
    to: to.email,
    subject: `Confirm your email address for ${PRODUCT}`,
    text: [
      `Hello ${name},`,
      '',
      'Please confirm your email address by opening this link (valid for 24 hours):',
      link,
      '',
      `Or send this token to POST /api/auth/verify-email: ${token}`,
      '',
      'If you did not create an account, ignore this email.',
    ].join('\n'),
    html: paragraphs([
      `Hello ${escapeHtml(name)},`,
      'Please confirm your email address (the link is valid for 24 hours):',
      `<a href="${escapeHtml(link)}">Confirm my email address</a>`,
      `Or send this token to <code>POST /api/auth/verify-email</code>: <code>${escapeHtml(token)}</code>`,
      'If you did not create an account, ignore this email.',
    ]),
  };
}

/** The reset email: the token, and a link when a reset page is configured (PASSWORD_RESET_URL). */
export function passwordResetMail(
  to: MailRecipient,
  token: string,
  config: Pick<AppConfig, 'passwordResetUrl'>,
): MailMessage {
  const link = config.passwordResetUrl
    ? `${config.passwordResetUrl}${config.passwordResetUrl.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`
    : undefined;
  const name = to.firstName;
  return {
    to: to.email,
    subject: `Reset your ${PRODUCT} password`,
    text: [
      `Hello ${name},`,
      '',
      'Someone (hopefully you) asked to reset your password. This token is valid for 1 hour and can be used once:',
      token,
      ...(link ? ['', `Open ${link} to choose a new password.`] : []),
      '',
      'Send it with your new password to POST /api/auth/reset-password.',
      'If you did not ask for this, ignore this email: your password stays as it is.',
    ].join('\n'),
    html: paragraphs([
      `Hello ${escapeHtml(name)},`,
      'Someone (hopefully you) asked to reset your password. This token is valid for 1 hour and can be used once:',
      `<code>${escapeHtml(token)}</code>`,
      ...(link ? [`<a href="${escapeHtml(link)}">Choose a new password</a>`] : []),
      'Send it with your new password to <code>POST /api/auth/reset-password</code>.',
      'If you did not ask for this, ignore this email: your password stays as it is.',
    ]),
  };
}

/** Notice after a password change or reset; every other session has been ended. */
export function passwordChangedMail(
  to: MailRecipient,
  how: 'changed' | 'reset',
  config: Pick<AppConfig, 'appUrl'>,
): MailMessage {
  const name = to.firstName;
  const what = how === 'reset' ? 'was reset' : 'was changed';
  const lines = [
    `Your ${PRODUCT} password ${what} just now, and ${how === 'reset' ? 'all sessions were' : 'your other sessions were'} signed out.`,
    `If this was not you, reset your password at once (POST ${config.appUrl}/api/auth/forgot-password) and contact your administrator.`,
  ];
  return {
    to: to.email,
    subject: `Your ${PRODUCT} password ${what}`,
    text: [`Hello ${name},`, '', ...lines].join('\n'),
    html: paragraphs([`Hello ${escapeHtml(name)},`, ...lines.map(escapeHtml)]),
  };
}

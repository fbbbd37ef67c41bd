import type { AppConfig } from '../config/app-config';
import { escapeHtml, htmlMail, withToken } from '../mail/html';
import type { RenderedMail } from '../mail/mail-message';
import { inertText, quotedName } from '../mail/mail-text';

export interface MailRecipient {
  email: string;
  /** Shown quoted and made inert (see quotedName), whatever is stored. */
  firstName: string;
}

/** Where and when a sign-in came from, for the new sign-in notice. */
export interface SignInDetails {
  at: Date;
  ip: string | null;
  userAgent: string | null;
}

const PRODUCT = 'Student Performance';

/** The client's verification page (EMAIL_VERIFICATION_URL) or GET /api/auth/verify-email. */
export function verificationLink(
  config: Pick<AppConfig, 'appUrl' | 'emailVerificationUrl'>,
  token: string,
): string {
  return withToken(config.emailVerificationUrl ?? `${config.appUrl}/api/auth/verify-email`, token);
}

/** The client's reset page (PASSWORD_RESET_URL) or GET /api/auth/reset-password. */
export function passwordResetLink(
  config: Pick<AppConfig, 'appUrl' | 'passwordResetUrl'>,
  token: string,
): string {
  return withToken(config.passwordResetUrl ?? `${config.appUrl}/api/auth/reset-password`, token);
}

/** The verification email: a link to the verification page, and the token itself. */
export function verificationMail(
  to: MailRecipient,
  token: string,
  config: Pick<AppConfig, 'appUrl' | 'emailVerificationUrl'>,
): RenderedMail {
  const link = verificationLink(config, token);
  const name = quotedName(to.firstName);
  return {
    to: to.email,
    subject: `Confirm your email address for ${PRODUCT}`,
    text: [
      `Hello ${name},`,
      '',
      'Please confirm your email address by opening this link (valid for 24 hours):',
      link,
      '',
      `Or send this token to POST ${config.appUrl}/api/auth/verify-email:`,
      token,
      '',
      'If you did not create an account, ignore this email.',
    ].join('\n'),
    html: htmlMail([
      `Hello ${escapeHtml(name)},`,
      'Please confirm your email address (the link is valid for 24 hours):',
      `<a href="${escapeHtml(link)}">Confirm my email address</a>`,
      `Or send this token to <code>POST ${escapeHtml(config.appUrl)}/api/auth/verify-email</code>: <code>${escapeHtml(token)}</code>`,
      'If you did not create an account, ignore this email.',
    ]),
  };
}

/** The reset email: a link to the reset page, and the token itself. */
export function passwordResetMail(
  to: MailRecipient,
  token: string,
  config: Pick<AppConfig, 'appUrl' | 'passwordResetUrl'>,
): RenderedMail {
  const link = passwordResetLink(config, token);
  const name = quotedName(to.firstName);
  return {
    to: to.email,
    subject: `Reset your ${PRODUCT} password`,
    text: [
      `Hello ${name},`,
      '',
      'Someone (hopefully you) asked to reset your password. Open this link to choose a new one (valid for 1 hour, once):',
      link,
      '',
      `Or send this token with your new password to POST ${config.appUrl}/api/auth/reset-password:`,
      token,
      '',
      'If you did not ask for this, ignore this email: your password stays as it is.',
    ].join('\n'),
    html: htmlMail([
      `Hello ${escapeHtml(name)},`,
      'Someone (hopefully you) asked to reset your password. The link is valid for 1 hour and can be used once:',
      `<a href="${escapeHtml(link)}">Choose a new password</a>`,
      `Or send this token with your new password to <code>POST ${escapeHtml(config.appUrl)}/api/auth/reset-password</code>: <code>${escapeHtml(token)}</code>`,
      'If you did not ask for this, ignore this email: your password stays as it is.',
    ]),
  };
}

/** Notice after a password change or reset; every other session has been ended. */
export function passwordChangedMail(
  to: MailRecipient,
  how: 'changed' | 'reset',
  config: Pick<AppConfig, 'appUrl'>,
): RenderedMail {
  const name = quotedName(to.firstName);
  const what = how === 'reset' ? 'was reset' : 'was changed';
  const lines = [
    `Your ${PRODUCT} password ${what} just now, and ${how === 'reset' ? 'all sessions were' : 'your other sessions were'} signed out.`,
    `If this was not you, reset your password at once (POST ${config.appUrl}/api/auth/forgot-password) and contact your administrator.`,
  ];
  return {
    to: to.email,
    subject: `Your ${PRODUCT} password ${what}`,
    text: [`Hello ${name},`, '', ...lines].join('\n'),
    html: htmlMail([`Hello ${escapeHtml(name)},`, ...lines.map(escapeHtml)]),
  };
}

/** Notice of a sign-in from an address and browser the account had not signed in from. */
export function newSignInMail(
  to: MailRecipient,
  signIn: SignInDetails,
  config: Pick<AppConfig, 'appUrl'>,
): RenderedMail {
  const name = quotedName(to.firstName);
  const when = `${signIn.at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  const from = signIn.ip === null ? 'an unknown address' : inertText(signIn.ip, 64);
  // The user agent is whatever the client sent: quoted, on one line, without links.
  const browser =
    signIn.userAgent === null ? 'an unknown browser' : `“${inertText(signIn.userAgent, 200)}”`;
  const facts = [`When: ${when}`, `Address: ${from}`, `Browser: ${browser}`];
  const ifNotYou = [
    'If this was you, there is nothing to do.',
    `If it was not you, change your password at once (or reset it: POST ${config.appUrl}/api/auth/forgot-password); that ends every other session. You can also review and end sessions with GET and DELETE ${config.appUrl}/api/auth/sessions, and tell your administrator.`,
  ];
  return {
    to: to.email,
    subject: `New sign-in to your ${PRODUCT} account`,
    text: [
      `Hello ${name},`,
      '',
      'Your account was just signed in to from an address and browser it had not been used from before:',
      ...facts.map((fact) => `  ${fact}`),
      '',
      ...ifNotYou,
    ].join('\n'),
    html: htmlMail([
      `Hello ${escapeHtml(name)},`,
      'Your account was just signed in to from an address and browser it had not been used from before:',
      facts.map(escapeHtml).join('<br>'),
      ...ifNotYou.map(escapeHtml),
    ]),
  };
}

import { describeError } from './describe-error';

/** A one-line, operator-friendly reason why the service could not start. */
export function describeStartupError(error: unknown): string {
  if (!(error instanceof Error)) return describeError(error);
  const code = (error as Error & { code?: string }).code;
  const connectionCodes = [
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'ETIMEDOUT',
    'ECONNRESET',
    '28P01',
    '3D000',
    '28000',
  ];
  if (code && connectionCodes.includes(code)) {
    return `cannot connect to the database named by DATABASE_URL (${describeError(error)})`;
  }
  if (/connect|Connection terminated|password authentication/i.test(error.message)) {
    return `cannot connect to the database named by DATABASE_URL (${describeError(error)})`;
  }
  const stack = error.stack ?? '';
  const causes = describeError(error);
  return stack.includes(causes) ? stack : `${causes}\n${stack}`;
}

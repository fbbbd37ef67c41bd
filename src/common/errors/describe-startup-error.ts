/** A one-line, operator-friendly reason why the service could not start. */
export function describeStartupError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
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
    return `cannot connect to the database named by DATABASE_URL (${code}: ${error.message})`;
  }
  if (/connect|Connection terminated|password authentication/i.test(error.message)) {
    return `cannot connect to the database named by DATABASE_URL (${error.message})`;
  }
  return error.stack ?? error.message;
}

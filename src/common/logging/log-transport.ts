import type { TransportSingleOptions } from 'pino';
import type { NodeEnv } from '../../config/app-config';

/**
 * Readable lines (pino-pretty) when a person watches: development with stdout on a terminal
 * and pino-pretty installed (it is a development dependency). JSON lines everywhere else, for
 * log collectors.
 */
export function logTransport(
  nodeEnv: NodeEnv,
  isTty = process.stdout.isTTY === true,
): TransportSingleOptions | undefined {
  if (nodeEnv !== 'development' || !isTty) return undefined;
  try {
    require.resolve('pino-pretty');
  } catch {
    return undefined;
  }
  return {
    target: 'pino-pretty',
    options: {
      colorize: true,
      singleLine: true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname,context,method,route,status,duration_ms',
      messageFormat: '{if context}[{context}] {end}{msg}',
    },
  };
}

import { Logger } from '@nestjs/common';
import { describeDatabaseError } from './describe-database-error';
import { isDatabaseUnavailable } from './database-unavailable';

/**
 * The `unhandledRejection` listener of the server process: a promise nobody awaited that
 * failed because the database went away (a background write, a timer's query) is logged as a
 * warning and the process keeps serving, answering 503 until the database is back. Any other
 * unhandled rejection is thrown again, so it still ends the process as Node would.
 */
export function databaseLossRejectionHandler(
  logger: Pick<Logger, 'warn'> = new Logger('DatabaseLoss'),
): (reason: unknown) => void {
  return (reason: unknown) => {
    if (!isDatabaseUnavailable(reason)) throw reason;
    logger.warn(
      { db_error: describeDatabaseError(reason) },
      'Background database work failed: the database is unavailable',
    );
  };
}

let installed = false;

/** Installs the listener once per process. */
export function guardAgainstDatabaseLoss(): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', databaseLossRejectionHandler());
}

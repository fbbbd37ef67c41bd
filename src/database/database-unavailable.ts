/**
 * Recognises errors that mean "the database cannot be used right now" (the server is down,
 * unreachable, restarting, out of connections, or a statement or idle transaction ran out of
 * time), as opposed to errors of the query itself (a constraint, a serialization failure, a
 * bad value). The problem filter answers the first kind with 503 `database_unavailable`.
 *
 * Errors come from node-postgres (socket errors, its pool, server error responses with a
 * SQLSTATE) and from TypeORM (QueryFailedError carries the driver error, and errors of its own
 * when the data source is not connected); the cause may be nested in `driverError`, `cause` or
 * an AggregateError's `errors` (Node tries every address of a host name).
 */

/** Socket-level failures to reach or keep the server. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);

/** Server states in which no statement can run (SQLSTATE). */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: terminated by a (fast) shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '53300', // too_many_connections
  '25P03', // idle_in_transaction_session_timeout
  '57P05', // idle_session_timeout
]);

/** Messages node-postgres, pg-pool and TypeORM use for a lost or missing connection. */
const UNAVAILABLE_MESSAGES: RegExp[] = [
  /^Connection terminated\b/, // also "… unexpectedly" and "… due to connection timeout"
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
  /^Cannot use a pool after calling end on the pool$/,
  /connection is not (yet )?established/i,
  /^Connection with \S+ database is not established/,
  /^Query read timeout$/,
];

const TYPEORM_NOT_CONNECTED = new Set([
  'CannotExecuteNotConnectedError',
  'ConnectionIsNotSetError',
  'ConnectionNotFoundError',
]);

const STATEMENT_TIMEOUT = /statement timeout/i;
const MAX_DEPTH = 6;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function matchesItself(error: Record<string, unknown>): boolean {
  const code = typeof error.code === 'string' ? error.code : undefined;
  const message = typeof error.message === 'string' ? error.message : '';
  const name =
    typeof error.name === 'string' ? error.name : (error.constructor as { name?: string })?.name;
  if (code !== undefined) {
    if (NETWORK_CODES.has(code)) return true;
    // Class 08: connection exception (08000, 08003, 08006, 08001, 08004, …).
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
    if (UNAVAILABLE_SQLSTATES.has(code)) return true;
    // query_canceled is a 503 only when the statement timeout cancelled it, not a user cancel.
    if (code === '57014') return STATEMENT_TIMEOUT.test(message);
    // A serialization failure or deadlock is the query's own problem, whatever else it says.
    if (code === '40001' || code === '40P01') return false;
  }
  if (name !== undefined && TYPEORM_NOT_CONNECTED.has(name)) return true;
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}

function search(error: unknown, depth: number, seen: Set<unknown>): boolean {
  if (!isObject(error) || depth > MAX_DEPTH || seen.has(error)) return false;
  seen.add(error);
  if (matchesItself(error)) return true;
  const code = error.code;
  // A deadlock or serialization failure wraps no connection loss worth a 503.
  if (code === '40001' || code === '40P01') return false;
  if (search(error.driverError, depth + 1, seen)) return true;
  if (search(error.cause, depth + 1, seen)) return true;
  if (Array.isArray(error.errors)) {
    return error.errors.some((inner) => search(inner, depth + 1, seen));
  }
  return false;
}

/** True when the error means the database is unreachable, gone, or out of time or capacity. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return search(error, 0, new Set());
}

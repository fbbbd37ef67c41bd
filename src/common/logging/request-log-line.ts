import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthenticatedUser } from '../auth/authenticated-user';

type LoggedRequest = IncomingMessage & {
  user?: AuthenticatedUser;
  route?: { path?: unknown };
  baseUrl?: string;
  originalUrl?: string;
};

/**
 * The route a request matched, as declared (`/api/students/:student_id`): ids, tokens and
 * queries stay out of the log. A request that matched no route is logged by its path alone.
 */
export function routeOf(req: IncomingMessage): string {
  const r = req as LoggedRequest;
  const declared = r.route?.path;
  // The catch-all route that answers unknown paths with a 404 is no route of the API.
  if (typeof declared === 'string' && !declared.includes('{*'))
    return `${r.baseUrl ?? ''}${declared}`;
  return (r.originalUrl ?? req.url ?? '').split('?')[0];
}

/** The fields of a request line: method, route, status, duration; the id is bound already. */
export function requestLogFields(
  req: IncomingMessage,
  res: ServerResponse,
  responseTime: number,
): Record<string, unknown> {
  return {
    method: req.method,
    route: routeOf(req),
    status: res.statusCode,
    duration_ms: responseTime,
    user_id: (req as LoggedRequest).user?.id,
  };
}

/** `GET /api/students 200 12 ms`: readable alone, in JSON or in a terminal. */
export function requestLogMessage(
  req: IncomingMessage,
  res: ServerResponse,
  responseTime: number,
): string {
  return `${req.method} ${routeOf(req)} ${res.statusCode} ${responseTime} ms`;
}

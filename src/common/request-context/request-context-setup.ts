import type { NextFunction, Request, Response } from 'express';
import { CLS_ID, CLS_REQ, type ClsService } from 'nestjs-cls';
import { assignRequestId } from '../http/request-id';
import type { RequestContextStore } from './request-context';

/**
 * Opens the continuation-local store of each request (see RequestContextModule). Assigns the
 * request id (the one place it is made: the caller's safe `x-request-id` or a new
 * UUID, echoed on the response) and runs the rest of the request in its context: the id, the
 * request itself (the caller is read from it once authentication has run), the client's IP and
 * user agent. `req.id` carries the same id for the request log line and the problem details, so the
 * context, the header, problem details and log lines share one value.
 *
 * Done in one synchronous step rather than by nestjs-cls's own middleware, which awaits its
 * plugin hooks and proxy providers on every request (this app has no proxy providers, and the
 * transactional plugin has no per-request hooks).
 */
export function openRequestContext(
  cls: ClsService<RequestContextStore>,
): (req: Request & { id?: string }, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const id = assignRequestId(req, res);
    req.id = id;
    const agent = req.headers['user-agent'];
    const store: RequestContextStore = {
      [CLS_ID]: id,
      [CLS_REQ]: req,
      ip_address: req.ip ?? null,
      user_agent: typeof agent === 'string' ? agent : null,
    };
    cls.runWith(store, next);
  };
}

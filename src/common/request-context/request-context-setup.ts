import type { Request } from 'express';
import type { ClsModuleOptions, ClsService } from 'nestjs-cls';
import { requestIdOf } from '../http/request-id';
import type { RequestContextStore } from './request-context';

function setup(cls: ClsService<RequestContextStore>, req: Request): void {
  const agent = req.headers['user-agent'];
  cls.set('ip_address', req.ip ?? null);
  cls.set('user_agent', typeof agent === 'string' ? agent : null);
}

/**
 * The continuation-local store, global, opened by a middleware on every route. Its id is the
 * request id the first middleware of the app assigned (configure-app), so the context, the
 * x-request-id header, problem details and log lines share one value. The request itself is
 * kept too: the caller is read from it once authentication has run.
 */
export const requestContextOptions: ClsModuleOptions = {
  global: true,
  middleware: {
    mount: true,
    generateId: true,
    idGenerator: (req: Request) => requestIdOf(req),
    saveReq: true,
    setup,
  },
};

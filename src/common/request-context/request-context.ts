import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { CLS_REQ, ClsService, ClsServiceManager, type ClsStore } from 'nestjs-cls';
import type { AuthenticatedUser } from '../auth/authenticated-user';

/** What the request context middleware keeps for each HTTP request (see requestContextSetup). */
export interface RequestContextStore extends ClsStore {
  ip_address?: string | null;
  user_agent?: string | null;
}

/**
 * The one request context: who is calling, from where, under which request id. Read from the
 * continuation-local store that the middleware opens for every HTTP request, so no caller has
 * to thread the request through services. Outside a request (command-line tools, background
 * work started at boot) every value is null.
 */
@Injectable()
export class RequestContext {
  constructor(private readonly cls: ClsService<RequestContextStore>) {}

  /** For code built outside the Nest container (the command-line tools). */
  static outsideContainer(): RequestContext {
    return new RequestContext(ClsServiceManager.getClsService<RequestContextStore>());
  }

  /** The request id: the same value as the x-request-id header and the request's log lines. */
  get requestId(): string | null {
    if (!this.cls.isActive()) return null;
    return this.cls.getId() || null;
  }

  /** The client's IP (Express `req.ip`, which follows the configured trust-proxy setting). */
  get ipAddress(): string | null {
    return this.cls.isActive() ? (this.cls.get('ip_address') ?? null) : null;
  }

  get userAgent(): string | null {
    return this.cls.isActive() ? (this.cls.get('user_agent') ?? null) : null;
  }

  /** The authenticated caller, once the JWT guard has run; null for anonymous requests. */
  get caller(): AuthenticatedUser | null {
    if (!this.cls.isActive()) return null;
    return (
      this.cls.get<(Request & { user?: AuthenticatedUser }) | undefined>(CLS_REQ)?.user ?? null
    );
  }
}

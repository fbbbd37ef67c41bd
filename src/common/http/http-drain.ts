import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * Drains an HTTP server for a graceful shutdown. Once `start` is called:
 * - the listening socket closes (no new connections);
 * - idle keep-alive connections are closed at once, and each connection that becomes idle
 *   after its last response is closed too;
 * - every response not yet sent (in flight, or a request arriving meanwhile on an open
 *   keep-alive connection, which is still answered normally) carries `Connection: close`, so
 *   the client opens its next connection elsewhere.
 */
export class HttpDrain {
  private closing = false;
  private readonly pending = new Set<ServerResponse>();
  private readonly closed: Promise<void>;

  constructor(private readonly server: Server) {
    this.closed = new Promise((resolve) => server.once('close', () => resolve()));
    // Before the application's own listener, so the header is there whatever the route does.
    server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
      if (this.closing) res.setHeader('Connection', 'close');
      this.pending.add(res);
      res.once('close', () => {
        this.pending.delete(res);
        if (this.closing) setImmediate(() => this.server.closeIdleConnections());
      });
    });
  }

  /** Requests whose response has not completed yet. */
  get inFlight(): number {
    return this.pending.size;
  }

  start(): void {
    if (this.closing) return;
    this.closing = true;
    for (const res of this.pending) {
      if (!res.headersSent) res.setHeader('Connection', 'close');
    }
    this.server.close();
    this.server.closeIdleConnections();
  }

  /** True when every connection has ended within `ms`, false when some are still open. */
  async wait(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.max(0, ms));
    });
    try {
      return await Promise.race([this.closed.then(() => true as const), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends every remaining connection (the grace time is over). */
  forceClose(): void {
    this.server.closeAllConnections();
  }
}

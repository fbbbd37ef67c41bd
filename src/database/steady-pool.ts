import * as pg from 'pg';

/**
 * pg-pool's error when the connection it opened for a request was not ready within the connect
 * timeout (a request that waited in the queue of a full pool gets "timeout exceeded when trying
 * to connect" instead: no connection freed up in time, which stays a 503).
 */
const OPENING_TIMEOUT = 'Connection terminated due to connection timeout';

/** True when the connection opened for a request missed the connect timeout. */
export function isOpeningTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === OPENING_TIMEOUT;
}

type ConnectCallback = (
  err: Error | undefined,
  client: pg.PoolClient | undefined,
  done: (release?: unknown) => void,
) => void;

/**
 * A pg pool in which a connection that was slow to open does not fail a request while the
 * database is plainly there.
 *
 * pg-pool ties a request that finds no idle connection to the connection it opens for it, and
 * fails the request when that connection is not ready within the connect timeout. Opening a
 * connection takes several round trips through the event loop (the SCRAM exchange alone
 * several), so on a busy process a burst of requests that finds the pool empty, right after the
 * database came back from an outage, opens many connections at once and some of them miss the
 * timeout; those requests answered 503 database_unavailable although the database answered,
 * the pool's other connections were serving and some were already free again.
 *
 * Here, when a request's connection timed out while the pool holds open connections (the
 * database is up: only this opening was slow), the request asks the pool once more: at once
 * when a connection is idle, else as soon as one comes back to the pool (within one more
 * connect timeout). With no open connection (the database down, unreachable or never reached)
 * the timeout is the answer, as before, and so is any other error (a refused connection, a bad
 * password, or a full pool whose connections did not free up within the connect timeout).
 */
export class SteadyPool extends pg.Pool {
  /** Connections that completed their opening and have not been removed since. */
  private readonly open = new Set<pg.PoolClient>();
  /** Requests given a second chance, waiting for a connection to come back, oldest first. */
  private readonly waiting = new Set<() => void>();

  constructor(config?: pg.PoolConfig) {
    super(config);
    this.on('connect', (client) => this.open.add(client));
    this.on('remove', (client) => this.open.delete(client));
    // One waiting request is woken for each connection that comes back.
    this.on('release', () => {
      const first = this.waiting.values().next();
      if (first.done) return;
      this.waiting.delete(first.value);
      first.value();
    });
  }

  /** How many connections of the pool are open (opened and not removed). */
  get openCount(): number {
    return this.open.size;
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    if (callback) {
      this.connectSteadily(callback);
      return;
    }
    return new Promise<pg.PoolClient>((resolve, reject) => {
      this.connectSteadily((err, client) => {
        if (client) resolve(client);
        else reject(err ?? new Error('the pool gave no connection'));
      });
    });
  }

  private connectSteadily(callback: ConnectCallback): void {
    super.connect((err, client, done) => {
      if (!err || !isOpeningTimeout(err) || this.open.size === 0 || this.ending) {
        callback(err, client, done);
      } else if (this.idleCount > 0) {
        super.connect(callback);
      } else {
        this.afterNextRelease(err, callback);
      }
    });
  }

  /**
   * Asks again once a connection comes back to the pool (it is then idle, unless a request
   * already waiting in the pool's queue took it), rather than opening yet another connection
   * while the process is busy; `timedOut` is the answer when none comes back within the connect
   * timeout.
   */
  private afterNextRelease(timedOut: Error, callback: ConnectCallback): void {
    const wake = () => {
      clearTimeout(timer);
      // pg-pool emits `release` before it puts the connection back among the idle ones.
      process.nextTick(() => super.connect(callback));
    };
    const timer = setTimeout(() => {
      this.waiting.delete(wake);
      callback(timedOut, undefined, () => undefined);
    }, this.options.connectionTimeoutMillis);
    this.waiting.add(wake);
  }
}

/** The pg module as TypeORM loads it, with SteadyPool as its Pool (the `driver` option). */
export const steadyPg: typeof pg = { ...pg, Pool: SteadyPool };

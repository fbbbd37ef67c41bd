import { Pool, type PoolClient } from 'pg';
import { SteadyPool } from '../src/database/steady-pool';

/**
 * The app's pg pool on the run's real database: a request whose new connection was too slow to
 * open (here the event loop is held past the connect timeout, as a busy process does) is not
 * failed while the pool holds open connections; with none open the timeout is still the
 * answer. pg's own pool, in the same situation, fails the request: what SteadyPool is for.
 */
const CONNECT_TIMEOUT_MS = 200;

/** Keeps the event loop busy, so that the connect timer fires before the connection is read. */
function holdEventLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy on purpose
  }
}

/** Asks `pool` for a connection, then holds the event loop past the connect timeout. */
function connectWhileBusy(pool: Pool): Promise<PoolClient> {
  const connecting = pool.connect();
  holdEventLoop(CONNECT_TIMEOUT_MS * 2);
  return connecting;
}

describe('The pg pool of the app', () => {
  const url = process.env.DATABASE_URL as string;
  const pools: Pool[] = [];
  const make = (kind: typeof Pool) => {
    const pool = new kind({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    pools.push(pool);
    return pool;
  };

  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
  });

  it('pg’s own pool fails a request whose new connection missed the connect timeout', async () => {
    const pool = make(Pool);
    const busy = await pool.connect();
    await expect(connectWhileBusy(pool)).rejects.toThrow(
      'Connection terminated due to connection timeout',
    );
    busy.release();
  });

  it('a request whose new connection missed the timeout takes a connection that is idle by then', async () => {
    const pool = make(SteadyPool) as SteadyPool;
    const busy = await pool.connect();
    expect(pool.openCount).toBe(1);
    const connecting = connectWhileBusy(pool);
    // Back in the pool before the connect timer has fired.
    busy.release();
    const client = await connecting;
    expect(client).toBe(busy);
    const { rows } = await client.query<{ one: number }>('SELECT 1 AS one');
    expect(rows).toEqual([{ one: 1 }]);
    client.release();
  });

  it('... or the first connection that comes back to the pool after it', async () => {
    const pool = make(SteadyPool) as SteadyPool;
    const busy = await pool.connect();
    const connecting = connectWhileBusy(pool);
    // Released once the connect timer (due earlier) has fired and the request waits.
    setTimeout(() => busy.release(), CONNECT_TIMEOUT_MS / 4);
    const client = await connecting;
    expect(client).toBe(busy);
    expect(pool.openCount).toBe(1);
    client.release();
  });

  it('... and fails with the timeout when no connection comes back within one more timeout', async () => {
    const pool = make(SteadyPool) as SteadyPool;
    const busy = await pool.connect();
    await expect(connectWhileBusy(pool)).rejects.toThrow(
      'Connection terminated due to connection timeout',
    );
    // The request gave up: the connection that comes back later goes to nobody.
    busy.release();
    expect(pool.idleCount).toBe(1);
    expect(pool.waitingCount).toBe(0);
  });

  it('the same through pool.query (the prepared reads go straight to the pool)', async () => {
    const pool = make(SteadyPool) as SteadyPool;
    const busy = await pool.connect();
    const querying = pool.query<{ one: number }>('SELECT 1 AS one');
    holdEventLoop(CONNECT_TIMEOUT_MS * 2);
    busy.release();
    expect((await querying).rows).toEqual([{ one: 1 }]);
  });

  it('a request waiting on a full pool still fails once the connect timeout has passed', async () => {
    const pool = new SteadyPool({
      connectionString: url,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      max: 1,
    });
    pools.push(pool);
    const busy = await pool.connect();
    const waiting = pool.connect();
    // Back only after the request's connect timeout: no second chance for a full pool.
    const released = new Promise<void>((resolve) =>
      setTimeout(() => {
        busy.release();
        resolve();
      }, CONNECT_TIMEOUT_MS * 1.5),
    );
    await expect(waiting).rejects.toThrow('timeout exceeded when trying to connect');
    await released;
    expect(pool.idleCount).toBe(1);
  });

  it('with no open connection the timeout is the answer, as before', async () => {
    const pool = make(SteadyPool) as SteadyPool;
    expect(pool.openCount).toBe(0);
    await expect(connectWhileBusy(pool)).rejects.toThrow(
      'Connection terminated due to connection timeout',
    );
    expect(pool.totalCount).toBe(0);
    // And the pool is usable afterwards.
    const client = await pool.connect();
    expect(pool.openCount).toBe(1);
    client.release();
  });

  it('a connection removed from the pool no longer counts as open', async () => {
    const pool = make(SteadyPool) as SteadyPool;
    const client = await pool.connect();
    expect(pool.openCount).toBe(1);
    const removed = new Promise((resolve) => pool.once('remove', resolve));
    client.release(new Error('discard it'));
    await removed;
    expect(pool.openCount).toBe(0);
    await expect(connectWhileBusy(pool)).rejects.toThrow(
      'Connection terminated due to connection timeout',
    );
  });
});

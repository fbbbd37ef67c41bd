import { createServer, type AddressInfo } from 'node:net';
import { Client, Pool } from 'pg';
import {
  CannotExecuteNotConnectedError,
  ConnectionIsNotSetError,
  QueryFailedError,
  TypeORMError,
} from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';

/** A local port nobody listens on (bound, then closed again). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A server that accepts connections and then closes them without a word. */
async function hangingUpServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function caught(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error: unknown) {
    return error;
  }
  throw new Error('expected a failure');
}

function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, severity: 'ERROR' });
}

function queryFailed(driverError: Error): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], driverError);
}

describe('isDatabaseUnavailable', () => {
  describe('real failures of node-postgres', () => {
    it('a client connecting to a closed port (ECONNREFUSED)', async () => {
      const port = await closedPort();
      const client = new Client({ host: '127.0.0.1', port, user: 'x', database: 'x' });
      const error = await caught(() => client.connect());
      expect((error as { code?: string }).code).toBe('ECONNREFUSED');
      expect(isDatabaseUnavailable(error)).toBe(true);
    });

    it('a host name that resolves to several addresses, none listening (AggregateError)', async () => {
      const port = await closedPort();
      const client = new Client({ host: 'localhost', port, user: 'x', database: 'x' });
      const error = await caught(() => client.connect());
      expect(isDatabaseUnavailable(error)).toBe(true);
    });

    it('a pool whose server hangs up at once ("Connection terminated unexpectedly")', async () => {
      const server = await hangingUpServer();
      const pool = new Pool({ host: '127.0.0.1', port: server.port, user: 'x', database: 'x' });
      pool.on('error', () => undefined);
      try {
        const error = await caught(() => pool.query('SELECT 1'));
        expect((error as Error).message).toMatch(/^Connection terminated/);
        expect(isDatabaseUnavailable(error)).toBe(true);
      } finally {
        await pool.end();
        await server.close();
      }
    });

    it('a pool that times out waiting for a connection', async () => {
      // Accepts the socket and never answers the startup message.
      const sockets: import('node:net').Socket[] = [];
      const silent = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as AddressInfo;
      const pool = new Pool({
        host: '127.0.0.1',
        port,
        user: 'x',
        database: 'x',
        max: 1,
        connectionTimeoutMillis: 100,
      });
      pool.on('error', () => undefined);
      try {
        const error = await caught(() => pool.query('SELECT 1'));
        expect((error as Error).message).toMatch(/timeout/);
        expect(isDatabaseUnavailable(error)).toBe(true);
      } finally {
        for (const socket of sockets) socket.destroy();
        await pool.end();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      }
    });

    it('a client used after its connection failed', async () => {
      const port = await closedPort();
      const client = new Client({ host: '127.0.0.1', port, user: 'x', database: 'x' });
      await caught(() => client.connect());
      const error = await caught(() => client.query('SELECT 1'));
      expect(isDatabaseUnavailable(error)).toBe(true);
    });
  });

  describe('socket error codes, also nested', () => {
    it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'])('%s', (code) => {
      const error = Object.assign(new Error(`connect ${code}`), { code });
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(isDatabaseUnavailable(new Error('wrapped', { cause: error }))).toBe(true);
      expect(isDatabaseUnavailable(queryFailed(error))).toBe(true);
      expect(isDatabaseUnavailable(new AggregateError([new Error('other'), error]))).toBe(true);
    });
  });

  describe('server errors by SQLSTATE', () => {
    it.each([
      ['08006', 'connection failure'],
      ['08003', 'connection does not exist'],
      ['08001', 'could not connect'],
      ['57P01', 'terminating connection due to administrator command'],
      ['57P02', 'terminating connection due to crash of another server process'],
      ['57P03', 'the database system is starting up'],
      ['53300', 'sorry, too many clients already'],
      ['25P03', 'terminating connection due to idle-in-transaction timeout'],
      ['57014', 'canceling statement due to statement timeout'],
    ])('%s (%s) is unavailability', (code, message) => {
      expect(isDatabaseUnavailable(pgError(code, message))).toBe(true);
      expect(isDatabaseUnavailable(queryFailed(pgError(code, message)))).toBe(true);
    });

    it.each([
      ['57014', 'canceling statement due to user request'],
      ['40001', 'could not serialize access due to concurrent update'],
      ['40P01', 'deadlock detected'],
      ['23505', 'duplicate key value violates unique constraint'],
      ['22P02', 'invalid input syntax for type uuid'],
      ['42P01', 'relation "x" does not exist'],
    ])('%s (%s) is not', (code, message) => {
      expect(isDatabaseUnavailable(pgError(code, message))).toBe(false);
      expect(isDatabaseUnavailable(queryFailed(pgError(code, message)))).toBe(false);
    });
  });

  describe('TypeORM without a connection', () => {
    it('CannotExecuteNotConnectedError and ConnectionIsNotSetError', () => {
      expect(isDatabaseUnavailable(new CannotExecuteNotConnectedError('default'))).toBe(true);
      expect(isDatabaseUnavailable(new ConnectionIsNotSetError('postgres'))).toBe(true);
    });

    it('"Connection is not established"', () => {
      expect(
        isDatabaseUnavailable(
          new TypeORMError('Connection is not established with postgres database'),
        ),
      ).toBe(true);
    });
  });

  it('other errors are not', () => {
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(
      isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'x')")),
    ).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable('Connection terminated')).toBe(false);
    const cyclic: Record<string, unknown> = { message: 'x' };
    cyclic.cause = cyclic;
    expect(isDatabaseUnavailable(cyclic)).toBe(false);
  });
});

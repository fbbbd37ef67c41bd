import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpDrain } from './http-drain';

interface Answer {
  status: number;
  connection: string | undefined;
}

function get(port: number, agent: Agent, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HttpDrain', () => {
  let server: Server;
  let drain: HttpDrain;
  let port: number;
  let release: (() => void) | undefined;
  let arrived: (() => void) | undefined;

  beforeEach(async () => {
    server = createServer((req, res) => {
      if (req.url === '/slow') {
        arrived?.();
        release = () => res.end('slow');
        return;
      }
      res.end('fast');
    });
    drain = new HttpDrain(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterEach(() => {
    server.closeAllConnections();
    server.close();
  });

  it('closes idle keep-alive connections at once and answers in-flight requests with Connection: close', async () => {
    const idle = new Agent({ keepAlive: true, maxSockets: 1 });
    const busy = new Agent({ keepAlive: true, maxSockets: 1 });
    expect(await get(port, idle, '/fast')).toEqual({ status: 200, connection: 'keep-alive' });
    const inFlight = new Promise<void>((resolve) => (arrived = resolve));
    const slow = get(port, busy, '/slow');
    await inFlight;
    expect(drain.inFlight).toBe(1);

    drain.start();
    release?.();
    expect(await slow).toEqual({ status: 200, connection: 'close' });
    // The server closes only once every connection has ended: the idle keep-alive one too,
    // which its client still holds open.
    expect(await drain.wait(5_000)).toBe(true);
    // No new connections once draining.
    await expect(get(port, new Agent(), '/fast')).rejects.toThrow(/ECONNREFUSED/);
    idle.destroy();
    busy.destroy();
  });

  it('reports a request still running at the end of the wait, and force-closes it', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const inFlight = new Promise<void>((resolve) => (arrived = resolve));
    const slow = get(port, agent, '/slow');
    await inFlight;
    drain.start();
    expect(await drain.wait(200)).toBe(false);
    expect(drain.inFlight).toBe(1);
    drain.forceClose();
    await expect(slow).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(await drain.wait(5_000)).toBe(true);
    agent.destroy();
  });
});

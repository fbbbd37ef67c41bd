import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '../src/config/app-config';
import { APP_CONFIG } from '../src/config/app-config.token';
import { createUserAndLogin } from './helpers/auth';
import { unusedPort } from './helpers/mail-catcher';
import { createTestApp } from './helpers/test-app';
import { createStudent } from './students/student-factory';
import { baseEnv, killAfter, runTs, type Child } from './lifecycle/app-process';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request; resolves with the answer or rejects with the connection error. */
function send(
  port: number,
  agent: Agent,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        agent,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('Graceful shutdown under keep-alive load', () => {
  const GRACE_SECONDS = 15;
  let app: NestExpressApplication;
  let server: Child;
  let port: number;
  let token: string;
  let studentIds: string[];

  beforeAll(async () => {
    // The users and students live in the run's database, which the child app serves too.
    app = await createTestApp();
    const teacher = await createUserAndLogin(app, { role: 'teacher' });
    token = teacher.accessToken;
    studentIds = [];
    for (let i = 0; i < 5; i += 1) {
      studentIds.push((await createStudent(app, token)).student_id);
    }
    port = await unusedPort();
    server = runTs(
      'src/main.ts',
      [],
      baseEnv({
        DATABASE_URL: process.env.DATABASE_URL,
        PORT: String(port),
        SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
        // The test's token must be valid in the child: the same (random) secrets.
        SECRET_KEY: app.get<AppConfig>(APP_CONFIG).secretKey,
        JWT_SECRET_KEY: app.get<AppConfig>(APP_CONFIG).jwt.secret,
      }),
    );
    killAfter(server, 55_000);
    await server.waitFor(/listening on/);
  });

  afterAll(async () => {
    server?.process.kill('SIGKILL');
    await app?.close();
  });

  it('finishes the in-flight request, tells keep-alive clients to close, and exits 0', async () => {
    let signalled = false;
    // Set once the server has printed that it handles the signal (and so drains already).
    let draining = false;
    void server.waitFor(/SIGTERM received/).then(
      () => (draining = true),
      () => undefined,
    );

    // Keep-alive clients, each on one connection, asking in a loop until they are told to
    // close or their connection is gone.
    const clients = Array.from({ length: 4 }, async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const answers: Array<Answer & { sentWhileDraining: boolean }> = [];
      let ended: string | undefined;
      try {
        while (!ended) {
          const sentWhileDraining = draining;
          try {
            const answer = await send(port, agent, '/health/live');
            answers.push({ ...answer, sentWhileDraining });
            if (answer.headers.connection === 'close') ended = 'told to close';
          } catch (error) {
            // Only once the server is shutting down may a connection go away.
            ended = signalled ? 'connection closed' : `failed before the signal: ${String(error)}`;
          }
        }
      } finally {
        agent.destroy();
      }
      return { answers, ended };
    });

    // The in-flight request: a batch prediction whose body is only half sent at the signal.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    await send(port, agent, '/health/live'); // its connection is established and in use
    const body = JSON.stringify({ student_ids: studentIds });
    const half = Math.floor(body.length / 2);
    const batch = new Promise<Answer>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/api/predictions/batch',
          method: 'POST',
          agent,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
          );
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, half));
      setTimeout(() => {
        signalled = true;
        signalledAt = Date.now();
        server.process.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(half)), 500);
      }, 1_000);
    });
    let signalledAt = 0;

    const answer = await batch;
    const exit = await server.exited;
    const exitedAfterMs = Date.now() - signalledAt;
    const results = await Promise.all(clients);
    agent.destroy();

    expect(answer.status).toBe(200);
    expect(answer.headers.connection).toBe('close');
    const predicted = JSON.parse(answer.body) as { predictions: Array<{ student_id: string }> };
    expect(predicted.predictions.map((p) => p.student_id)).toEqual(studentIds);

    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.output()).toMatch(/SIGTERM received: shutting down/);
    expect(server.output()).toMatch(/every request finished/);
    expect(server.output()).toMatch(/exiting with 0/);

    for (const { answers, ended } of results) {
      expect(['told to close', 'connection closed']).toContain(ended);
      expect(answers.length).toBeGreaterThan(0);
      expect(answers.filter((a) => a.status >= 500)).toEqual([]);
      // Whatever was asked while the server drained was answered with Connection: close,
      // so at most one request per connection was answered after that.
      const late = answers.filter((a) => a.sentWhileDraining);
      expect(late.map((a) => a.headers.connection)).toEqual(late.map(() => 'close'));
      expect(late.length).toBeLessThanOrEqual(1);
    }
    console.log(`SIGTERM to exit under keep-alive load: ${exitedAfterMs} ms`);
  });
});

import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import type { Request, Response } from 'express';
import { pino } from 'pino';
import { logRequestLines } from './request-log-lines';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: pino({ level }, stream) };
}

function exchange(url: string, status: number) {
  const req = {
    url,
    method: 'GET',
    id: 'req-7',
    baseUrl: '/api/students',
    route: { path: '/:student_id' },
    user: { id: 'u-1' },
    headers: { authorization: 'Bearer secret' },
  } as unknown as Request;
  const res = Object.assign(new EventEmitter(), { statusCode: status }) as unknown as Response;
  return { req, res };
}

async function run(level: string, url: string, status: number) {
  const { lines, logger } = capture(level);
  const { req, res } = exchange(url, status);
  let passed = false;
  logRequestLines(logger, level)(req, res, () => (passed = true));
  res.emit('close');
  await new Promise((resolve) => setImmediate(resolve));
  return { lines, passed };
}

describe('logRequestLines', () => {
  it('logs one line when the response is done: route, status, duration, ids, no header', async () => {
    const { lines, passed } = await run('info', '/api/students/STU0001', 200);
    expect(passed).toBe(true);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: expect.stringMatching(/^GET \/api\/students\/:student_id 200 \d+ ms$/) as unknown,
      method: 'GET',
      route: '/api/students/:student_id',
      status: 200,
      request_id: 'req-7',
      user_id: 'u-1',
    });
    expect(typeof lines[0].duration_ms).toBe('number');
    expect(JSON.stringify(lines[0])).not.toContain('secret');
  });

  it('logs a 5xx at error level, even when info lines are off; nothing else below the level', async () => {
    const failed = await run('warn', '/api/students/STU0001', 503);
    const fine = await run('warn', '/api/students/STU0001', 200);
    expect([failed.lines.map((l) => l.level), fine.lines]).toEqual([[50], []]);
  });

  it('does not log the health probes', async () => {
    const { lines, passed } = await run('info', '/health/ready', 200);
    expect([lines, passed]).toEqual([[], true]);
  });
});

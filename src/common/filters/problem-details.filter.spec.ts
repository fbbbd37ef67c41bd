import type { ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import { ProblemDetailsFilter } from './problem-details.filter';

interface Answer {
  status?: number;
  headers: Record<string, string>;
  body?: string;
}

function hostFor(answer: Answer): ArgumentsHost {
  const request = {
    method: 'POST',
    originalUrl: '/api/auth/login?token=one-time-secret',
    id: 'req-1',
  };
  const response = {
    headersSent: false,
    setHeader: (name: string, value: string) => (answer.headers[name] = value),
    status(code: number) {
      answer.status = code;
      return this;
    },
    type() {
      return this;
    },
    send(body: string) {
      answer.body = body;
      return this;
    },
  };
  return {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ArgumentsHost;
}

describe('ProblemDetailsFilter and a lost database', () => {
  const config = { database: { unavailableRetryAfterSeconds: 7 } } as AppConfig;

  it('answers 503 database_unavailable with Retry-After, and logs a warning without the SQL or its parameters', () => {
    const filter = new ProblemDetailsFilter(config);
    const logged: { level: string; detail: unknown }[] = [];
    const logger = (filter as unknown as { logger: Record<string, unknown> }).logger;
    logger.warn = (detail: unknown) => logged.push({ level: 'warn', detail });
    logger.error = (detail: unknown) => logged.push({ level: 'error', detail });
    const driverError = Object.assign(new Error('Connection terminated unexpectedly'), {});
    const error = new QueryFailedError(
      'SELECT * FROM users WHERE email = $1 AND password_hash = $2',
      ['someone@example.com', '$argon2id$v=19$secret-hash'],
      driverError,
    );
    const answer: Answer = { headers: {} };
    filter.catch(error, hostFor(answer));

    expect(answer.status).toBe(503);
    expect(answer.headers['Retry-After']).toBe('7');
    expect(JSON.parse(answer.body ?? '{}')).toMatchObject({
      status: 503,
      code: 'database_unavailable',
      type: 'urn:problem:database-unavailable',
      request_id: 'req-1',
    });
    expect(logged).toHaveLength(1);
    expect(logged[0].level).toBe('warn');
    expect(logged[0].detail).toMatchObject({ request_id: 'req-1' });
    const text = JSON.stringify(logged[0].detail);
    expect(text).toContain('Connection terminated unexpectedly');
    expect(text).not.toContain('someone@example.com');
    expect(text).not.toContain('argon2id');
    expect(text).not.toContain('password_hash');
  });

  it('keeps answering 500 internal_error for other errors', () => {
    const filter = new ProblemDetailsFilter(config);
    const logger = (filter as unknown as { logger: Record<string, unknown> }).logger;
    logger.error = () => undefined;
    const answer: Answer = { headers: {} };
    filter.catch(new TypeError('x is not a function'), hostFor(answer));
    expect(answer.status).toBe(500);
    expect(answer.headers['Retry-After']).toBeUndefined();
    expect(JSON.parse(answer.body ?? '{}').code).toBe('internal_error');
  });

  it('logs a 500 from a failed query without the SQL, its parameters or an attached body', () => {
    const filter = new ProblemDetailsFilter(config);
    const logged: unknown[] = [];
    const logger = (filter as unknown as { logger: Record<string, unknown> }).logger;
    logger.error = (detail: unknown) => logged.push(detail);
    // A constraint the service did not map: not an outage, so a 500 with an error log line.
    const driverError = Object.assign(new Error('value too long for type character varying(20)'), {
      code: '22001',
    });
    const error = Object.assign(
      new QueryFailedError(
        'UPDATE users SET password_hash = $1, first_name = $2 WHERE email = $3',
        ['$argon2id$v=19$secret-hash', 'Ada', 'someone@example.com'],
        driverError,
      ),
      { body: '{"password":"Pw-very-secret"}' },
    );
    const answer: Answer = { headers: {} };
    filter.catch(error, hostFor(answer));

    expect(answer.status).toBe(500);
    expect(logged).toHaveLength(1);
    const text = JSON.stringify(logged[0]);
    expect(text).toContain('value too long for type character varying(20)');
    expect(text).toContain('22001');
    expect(text).toContain('req-1');
    expect(text).toContain('POST /api/auth/login');
    for (const secret of [
      'argon2id',
      'someone@example.com',
      'password_hash',
      'Pw-very-secret',
      'one-time-secret',
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';

/** Readiness waits this long for the database to answer `SELECT 1`. */
export const DATABASE_PING_TIMEOUT_MS = 1500;

class PingTimeout extends Error {}

/**
 * Up when the database answers `SELECT 1` within the ping timeout; down with the reason
 * otherwise (the driver's message and code, or the timeout), so readiness says why.
 */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async ping(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PingTimeout()), DATABASE_PING_TIMEOUT_MS);
    });
    const query = this.dataSource.query('SELECT 1');
    // The query may still fail after the timeout has answered; nobody waits for it then.
    query.catch(() => undefined);
    try {
      await Promise.race([query, timeout]);
      return indicator.up();
    } catch (error: unknown) {
      if (error instanceof PingTimeout) {
        return indicator.down({ message: `no answer within ${DATABASE_PING_TIMEOUT_MS} ms` });
      }
      return indicator.down(reasonOf(error));
    } finally {
      clearTimeout(timer);
    }
  }
}

function reasonOf(error: unknown): { message: string; code?: string } {
  const e = error as { message?: unknown; code?: unknown; errors?: unknown };
  // Node's AggregateError (every address of a host refused) has an empty message.
  const first = Array.isArray(e?.errors) ? (e.errors[0] as { message?: unknown }) : undefined;
  const message =
    typeof e?.message === 'string' && e.message !== ''
      ? e.message
      : typeof first?.message === 'string'
        ? first.message
        : 'the database did not answer';
  return typeof e?.code === 'string' ? { message, code: e.code } : { message };
}

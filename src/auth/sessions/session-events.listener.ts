import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleDestroy,
} from '@nestjs/common';
import { Client, type Notification } from 'pg';
import { DatabaseConnection } from '../../database/database-url.provider';
import { SessionCache } from './session-cache';

/** The channel the database triggers announce session changes on (see the SessionEvents migration). */
export const SESSION_EVENTS_CHANNEL = 'session_events';
/** The events connection's application_name, so that it can be told apart on the server. */
export const SESSION_EVENTS_APPLICATION_NAME = 'student-performance-api:session-events';

/** How long a cached live session is used at most: the second guard behind the events. */
export const SESSION_CACHE_TTL_MS = 10_000;
/** Cached sessions per instance at most (the oldest goes first). */
export const SESSION_CACHE_MAX_ENTRIES = 10_000;
/** A silent events connection is noticed within this time (a ping that does not come back). */
const PING_INTERVAL_MS = 5_000;
const PING_TIMEOUT_MS = 3_000;
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;

/** Applies one event of the channel to the cache. */
export function applySessionEvent(cache: SessionCache, payload: string | undefined): void {
  if (payload?.startsWith('s:')) cache.dropSession(payload.slice(2));
  else if (payload?.startsWith('u:')) cache.dropUser(payload.slice(2));
  // '*' (a table truncated) or anything this version does not know: everything goes.
  else cache.dropAll();
}

/**
 * Keeps this instance's SessionCache honest. A dedicated connection (not one of the pool's)
 * LISTENs on `session_events`; every revocation, logout, password change or reset, role
 * change, deactivation or erasure is announced there by the database itself (triggers on
 * `user_sessions` and `users`), so the events reach every instance at commit, whatever code or
 * SQL made the change. The cache is on only while the connection listens: when it is lost
 * (error, end, or a ping that does not come back) the cache is emptied and bypassed, and
 * every request reads its session from the database until the connection listens again.
 */
@Injectable()
export class SessionEventsListener
  implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown
{
  readonly cache = new SessionCache(SESSION_CACHE_TTL_MS, SESSION_CACHE_MAX_ENTRIES);
  private readonly logger = new Logger('SessionEvents');
  private client: Client | undefined;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private delayMs = RECONNECT_MIN_MS;
  private lostAt: number | undefined;
  private heard = false;

  constructor(private readonly database: DatabaseConnection) {}

  onApplicationBootstrap(): void {
    void this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Whether the events connection listens now (the cache is in use). */
  get listening(): boolean {
    return this.cache.isEnabled;
  }

  private async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pingTimer);
    this.cache.disable();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: await this.database.url(),
      application_name: SESSION_EVENTS_APPLICATION_NAME,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      connectionTimeoutMillis: 5_000,
    });
    if (this.stopped) return;
    this.client = client;
    let lost = false;
    const onLost = (reason: string) => {
      if (lost) return;
      lost = true;
      this.lose(client, reason);
    };
    client.on('error', (error: Error) => onLost(error.message));
    client.on('end', () => onLost('the connection ended'));
    client.on('notification', (message: Notification) => {
      if (message.channel === SESSION_EVENTS_CHANNEL)
        applySessionEvent(this.cache, message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${SESSION_EVENTS_CHANNEL}`);
    } catch (error: unknown) {
      onLost(error instanceof Error ? error.message : String(error));
      return;
    }
    if (lost || this.stopped || this.client !== client) return;
    // Anything announced before LISTEN took effect was missed: the cache starts empty.
    this.cache.enable();
    this.delayMs = RECONNECT_MIN_MS;
    if (!this.heard) {
      this.heard = true;
      this.logger.log(
        `Listening for session events; live sessions are cached for up to ${SESSION_CACHE_TTL_MS / 1000} s`,
      );
    } else if (this.lostAt !== undefined) {
      this.logger.log(
        `Session events connection is back after ${Date.now() - this.lostAt} ms; cached sessions are used again`,
      );
    }
    this.lostAt = undefined;
    this.pingTimer = setInterval(() => this.ping(client, onLost), PING_INTERVAL_MS);
    this.pingTimer.unref();
  }

  private ping(client: Client, onLost: (reason: string) => void): void {
    const timeout = setTimeout(() => onLost('a ping did not come back'), PING_TIMEOUT_MS);
    timeout.unref();
    client.query('SELECT 1').then(
      () => clearTimeout(timeout),
      (error: unknown) => {
        clearTimeout(timeout);
        onLost(error instanceof Error ? error.message : String(error));
      },
    );
  }

  private lose(client: Client, reason: string): void {
    // First of all: no cached session is trusted once an event may have been missed.
    this.cache.disable();
    if (this.client === client) this.client = undefined;
    clearInterval(this.pingTimer);
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    if (this.lostAt === undefined) {
      this.lostAt = Date.now();
      this.logger.warn(
        `Session events connection lost (${reason}); sessions are read from the database until it is back`,
      );
    }
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, RECONNECT_MAX_MS);
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
    this.reconnectTimer.unref();
  }
}

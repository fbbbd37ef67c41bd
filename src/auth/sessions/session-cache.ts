import type { Role } from '../../common/auth/role';

/** What the cache keeps of one live session: its own user, nothing of anyone else. */
export interface CachedSession {
  userId: string;
  email: string;
  role: Role;
  /** When last_used_at was last written for this session (ms since the epoch). */
  touchedAt: number;
}

interface Entry extends CachedSession {
  /** The entry is not used at or after this time (ms since the epoch). */
  until: number;
}

/** A fill started at one state of the cache; it is stored only if nothing was dropped since. */
export type FillTicket = number;

/**
 * Live sessions of this instance's recent callers, by session id, so that an access token's
 * session need not be read from the database on every request. Safe only together with the
 * session events (LISTEN/NOTIFY, see SessionEventsListener):
 *
 * - Off until the events connection is listening, and off (emptied) whenever it is lost, so a
 *   change that was announced while nobody listened can never leave a stale entry behind.
 * - Every drop (a session, a user, everything) moves the generation on; a database read that
 *   began before a drop is not stored (`begin` → `store`), since it may have seen the row
 *   before the change that caused the drop.
 * - An entry lives at most `ttlMs` and never past the session's own expiry: a second guard if
 *   an event were ever missed.
 * - An entry answers only for its own user: a token naming another user with the same
 *   session id misses and goes to the database.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private enabled = false;
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get isEnabled(): boolean {
    return this.enabled;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached live session `sessionId` of `userId`, if any. */
  get(sessionId: string, userId: string): CachedSession | undefined {
    if (!this.enabled) return undefined;
    const entry = this.entries.get(sessionId);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.entries.delete(sessionId);
      return undefined;
    }
    return entry.userId === userId ? entry : undefined;
  }

  /** Call before reading a session from the database; hand the ticket to `store`. */
  begin(): FillTicket {
    return this.generation;
  }

  /**
   * Keeps a session read from the database, until `expiresAt` at the latest; ignored when the
   * cache is off or anything was dropped since `ticket` was taken.
   */
  store(ticket: FillTicket, sessionId: string, session: CachedSession, expiresAt: Date): void {
    if (!this.enabled || ticket !== this.generation || this.ttlMs <= 0) return;
    const until = Math.min(this.now() + this.ttlMs, expiresAt.getTime());
    if (until <= this.now()) return;
    this.entries.delete(sessionId);
    if (this.entries.size >= this.maxEntries) {
      // The oldest entry goes first (a Map iterates in insertion order).
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(sessionId, { ...session, until });
  }

  /** Records that last_used_at was written now for the session. */
  touched(sessionId: string): void {
    const entry = this.entries.get(sessionId);
    if (entry) entry.touchedAt = this.now();
  }

  dropSession(sessionId: string): void {
    this.generation += 1;
    this.entries.delete(sessionId);
  }

  dropUser(userId: string): void {
    this.generation += 1;
    for (const [sessionId, entry] of this.entries) {
      if (entry.userId === userId) this.entries.delete(sessionId);
    }
  }

  dropAll(): void {
    this.generation += 1;
    this.entries.clear();
  }

  /** On: the events connection listens (again); starts empty. */
  enable(): void {
    this.dropAll();
    this.enabled = true;
  }

  /** Off and empty: the events connection is lost, every caller is read from the database. */
  disable(): void {
    this.enabled = false;
    this.dropAll();
  }
}

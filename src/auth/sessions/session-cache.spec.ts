import { SessionCache, type CachedSession } from './session-cache';
import { applySessionEvent } from './session-events.listener';

const SESSION = 'a0000000-0000-4000-8000-000000000001';
const OTHER_SESSION = 'a0000000-0000-4000-8000-000000000002';
const USER = 'b0000000-0000-4000-8000-000000000001';
const OTHER_USER = 'b0000000-0000-4000-8000-000000000002';

function caller(userId = USER): CachedSession {
  return { userId, email: 'teacher@school.edu', role: 'teacher', touchedAt: 0 };
}

describe('SessionCache', () => {
  let now: number;
  let cache: SessionCache;
  const far = () => new Date(now + 3_600_000);

  beforeEach(() => {
    now = 1_000_000;
    cache = new SessionCache(10_000, 3, () => now);
    cache.enable();
  });

  it('answers for a stored session of the same user only', () => {
    cache.store(cache.begin(), SESSION, caller(), far());
    expect(cache.get(SESSION, USER)?.email).toBe('teacher@school.edu');
    expect(cache.get(SESSION, OTHER_USER)).toBeUndefined();
    expect(cache.get(OTHER_SESSION, USER)).toBeUndefined();
  });

  it('keeps nothing while off, and forgets everything when turned off', () => {
    cache.store(cache.begin(), SESSION, caller(), far());
    cache.disable();
    expect(cache.get(SESSION, USER)).toBeUndefined();
    cache.store(cache.begin(), SESSION, caller(), far());
    expect(cache.size).toBe(0);
    cache.enable();
    expect(cache.get(SESSION, USER)).toBeUndefined();
  });

  it('uses an entry for at most the TTL, and never past the session expiry', () => {
    cache.store(cache.begin(), SESSION, caller(), far());
    cache.store(cache.begin(), OTHER_SESSION, caller(), new Date(now + 2_000));
    now += 1_999;
    expect(cache.get(OTHER_SESSION, USER)).toBeDefined();
    now += 1;
    expect(cache.get(OTHER_SESSION, USER)).toBeUndefined();
    now += 7_999;
    expect(cache.get(SESSION, USER)).toBeDefined();
    now += 1;
    expect(cache.get(SESSION, USER)).toBeUndefined();
  });

  it('does not store a read that began before a drop (it may predate the change)', () => {
    const ticket = cache.begin();
    cache.dropSession(OTHER_SESSION);
    cache.store(ticket, SESSION, caller(), far());
    expect(cache.get(SESSION, USER)).toBeUndefined();
    const again = cache.begin();
    cache.disable();
    cache.enable();
    cache.store(again, SESSION, caller(), far());
    expect(cache.get(SESSION, USER)).toBeUndefined();
  });

  it('drops one session, every session of a user, or everything', () => {
    cache.store(cache.begin(), SESSION, caller(), far());
    cache.store(cache.begin(), OTHER_SESSION, caller(OTHER_USER), far());
    cache.dropSession(SESSION);
    expect(cache.get(SESSION, USER)).toBeUndefined();
    expect(cache.get(OTHER_SESSION, OTHER_USER)).toBeDefined();
    cache.store(cache.begin(), SESSION, caller(), far());
    cache.dropUser(OTHER_USER);
    expect(cache.get(OTHER_SESSION, OTHER_USER)).toBeUndefined();
    expect(cache.get(SESSION, USER)).toBeDefined();
    cache.dropAll();
    expect(cache.size).toBe(0);
  });

  it('holds at most its maximum, the oldest going first', () => {
    const ids = ['1', '2', '3', '4'].map((n) => `a0000000-0000-4000-8000-00000000001${n}`);
    for (const id of ids) cache.store(cache.begin(), id, caller(), far());
    expect(cache.size).toBe(3);
    expect(cache.get(ids[0], USER)).toBeUndefined();
    expect(cache.get(ids[3], USER)).toBeDefined();
  });

  it('applies the events of the channel, and drops everything on one it does not know', () => {
    cache.store(cache.begin(), SESSION, caller(), far());
    cache.store(cache.begin(), OTHER_SESSION, caller(OTHER_USER), far());
    applySessionEvent(cache, `s:${SESSION}`);
    expect(cache.get(SESSION, USER)).toBeUndefined();
    expect(cache.get(OTHER_SESSION, OTHER_USER)).toBeDefined();
    applySessionEvent(cache, `u:${OTHER_USER}`);
    expect(cache.get(OTHER_SESSION, OTHER_USER)).toBeUndefined();
    cache.store(cache.begin(), SESSION, caller(), far());
    applySessionEvent(cache, 'x:something-new');
    expect(cache.size).toBe(0);
    cache.store(cache.begin(), SESSION, caller(), far());
    applySessionEvent(cache, '*');
    expect(cache.size).toBe(0);
  });
});

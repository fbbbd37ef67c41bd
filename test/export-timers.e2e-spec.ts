import { createHook } from 'node:async_hooks';
import { CLIENT_TIMEOUT_GRACE_MS } from '../src/database/data-source-options';
import { eventually } from './helpers/eventually';
import { useHttpApp } from './helpers/http-app';
import {
  exportJson,
  exportText,
  identityCsv,
  seedRow,
  uniqueTag,
  upload,
} from './helpers/import-export';

/**
 * Every query of the heavy pool arms node-postgres' read timeout (the statement timeout plus
 * its grace) and must clear it when it ends. The statement timeout here is a length no other
 * timer of the process has, so the timers of the pool's queries can be told apart.
 */
const HEAVY_STATEMENT_TIMEOUT_MS = 123_457;
const READ_TIMEOUT_MS = HEAVY_STATEMENT_TIMEOUT_MS + CLIENT_TIMEOUT_GRACE_MS;

/** The read timeouts of the heavy pool's queries: how many were armed, and which still run. */
const armed = { count: 0, live: new Set<number>() };
const hook = createHook({
  init(id, type, _trigger, resource) {
    if (type !== 'Timeout') return;
    if ((resource as { _idleTimeout?: number })._idleTimeout !== READ_TIMEOUT_MS) return;
    armed.count += 1;
    armed.live.add(id);
  },
  destroy(id) {
    armed.live.delete(id);
  },
});

/** The read timeouts still running that were not running yet at `earlier`. */
function startedSince(earlier: Set<number>): number[] {
  return [...armed.live].filter((id) => !earlier.has(id));
}

describe('Exports leave no query timer behind', () => {
  beforeAll(() => hook.enable());
  afterAll(() => hook.disable());

  const api = useHttpApp({
    env: { DB_HEAVY_STATEMENT_TIMEOUT_MS: String(HEAVY_STATEMENT_TIMEOUT_MS) },
    users: { admin: 'administrator' },
  });
  const { admin } = api.users;

  /** Thirty students under a fresh tag, stored by an import, for an export to find. */
  async function storeTagged(prefix: string): Promise<string> {
    const tag = uniqueTag(prefix);
    const rows = Array.from({ length: 30 }, (_, i) => ({
      first: tag,
      last: `L${i}`,
      data: seedRow(i),
    }));
    await upload(api.app, admin.accessToken, identityCsv(rows)).expect(201);
    return tag;
  }

  /** An export of the students under `tag` in one format: the length of what it answered. */
  const exportText200 = (query: Record<string, string>) => async (tag: string) => {
    const res = await exportText(api.app, admin.accessToken, { ...query, search: tag });
    expect(res.status).toBe(200);
    return (res.body as string).length;
  };
  const exportJson200 = async (tag: string) => {
    const res = await exportJson(api.app, admin.accessToken, { search: tag }).expect(200);
    return (res.body as unknown[]).length;
  };

  it.each([
    ['CSV', exportText200({ format: 'csv' })],
    ['CSV (with the byte-order mark)', exportText200({ format: 'csv', bom: 'true' })],
    ['XLSX', exportText200({ format: 'xlsx' })],
    ['JSON', exportJson200],
  ])(
    '%s: the export clears the read timeouts of its queries once it has ended',
    async (_name, run) => {
      const tag = await storeTagged('X');
      const before = armed.count;
      const earlier = new Set(armed.live);

      expect(await run(tag)).toBeGreaterThan(0);

      // The export ran its queries on the heavy pool, each with a read timeout...
      expect(armed.count).toBeGreaterThan(before);
      // ...and once its connection is back in the pool none of them is still waiting to fire.
      await eventually(async () => expect(startedSince(earlier)).toEqual([]));
    },
  );
});

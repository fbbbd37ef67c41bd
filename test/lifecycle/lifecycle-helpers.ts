import { Client } from 'pg';
import { createDatabaseOn } from '../helpers/owned-postgres';

/** The run's database server, as an admin URL on its `postgres` database. */
export function serverAdminUrl(): string {
  const url = new URL(process.env.DATABASE_URL ?? '');
  url.pathname = '/postgres';
  return url.toString();
}

/** A new, empty database (no tables, no migrations) on the run's server, and how to drop it. */
export async function createEmptyDatabase(
  suffix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = serverAdminUrl();
  const current = new URL(process.env.DATABASE_URL ?? '').pathname.slice(1);
  const name = `${current}_${suffix}`.slice(0, 63);
  const url = await createDatabaseOn(adminUrl, name, false);
  return {
    url,
    drop: async () => {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

import { Client } from 'pg';

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
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
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

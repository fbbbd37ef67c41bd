import { Client } from 'pg';

/** Tables a background worker changes on its own: only their row count is compared. */
const COUNT_ONLY = new Set(['mail_outbox']);
const SKIPPED = new Set(['migrations', 'typeorm_metadata']);
/**
 * Tables compared on some columns only. Any authenticated request touches its session's
 * last_used_at (at most once a minute, without waiting): that is not a change the request made.
 */
const COLUMNS: Record<string, string[]> = {
  user_sessions: ['id', 'user_id', 'refresh_token_hash', 'generation', 'expires_at', 'revoked_at'],
};

/**
 * Per table: the row count and the sum and maximum of the row versions' `xmin` (the transaction
 * that wrote them). An insert, update or delete changes one of them, and reading `xmin` never
 * touches the rows' (possibly large) column values, so a fingerprint takes milliseconds.
 */
export type Fingerprint = Record<string, string>;

export class DatabaseFingerprint {
  private query = '';

  private constructor(private readonly client: Client) {}

  static async connect(url: string): Promise<DatabaseFingerprint> {
    const client = new Client({ connectionString: url });
    await client.connect();
    const fingerprint = new DatabaseFingerprint(client);
    await fingerprint.prepare();
    return fingerprint;
  }

  private async prepare(): Promise<void> {
    const { rows } = await this.client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const parts = rows
      .map((r) => r.name)
      .filter((name) => !SKIPPED.has(name))
      .map((name) => {
        const table = this.client.escapeIdentifier(name);
        const label = this.client.escapeLiteral(name);
        const columns = COLUMNS[name]
          ?.map((c) => `t.${this.client.escapeIdentifier(c)}`)
          .join(', ');
        const checksum = COUNT_ONLY.has(name)
          ? `''`
          : columns
            ? `coalesce(md5(string_agg(md5(row(${columns})::text), '' ORDER BY t.id)), '')`
            : `coalesce(sum(t.xmin::text::bigint), 0) || ':' || coalesce(max(t.xmin::text::bigint), 0)`;
        return `SELECT ${label} AS name, count(*) || ':' || ${checksum} AS value FROM ${table} t`;
      });
    this.query = parts.join(' UNION ALL ');
  }

  async take(): Promise<Fingerprint> {
    const { rows } = await this.client.query<{ name: string; value: string }>(this.query);
    return Object.fromEntries(rows.map((r) => [r.name, r.value]));
  }

  /** Names of the tables whose fingerprint differs. */
  static changed(before: Fingerprint, after: Fingerprint): string[] {
    return Object.keys({ ...before, ...after }).filter((name) => before[name] !== after[name]);
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

import { DataSource, DataSourceOptions, Migration } from 'typeorm';

/**
 * Session-level advisory lock key serialising migrations across every process on one database
 * (instances starting at once, the CLI). A constant: hashtext of a fixed name.
 */
export const MIGRATIONS_LOCK_SQL = `hashtext('schema_migrations.run')`;

/**
 * Runs the pending migrations while holding the migrations advisory lock on one dedicated
 * connection: a second process waits for the first to finish, then finds nothing pending.
 * The lock is released afterwards (and by PostgreSQL if this process dies meanwhile).
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // Waiting for another process's migrations is not a slow statement.
    await runner.query('SET statement_timeout = 0');
    await runner.query(`SELECT pg_advisory_lock(${MIGRATIONS_LOCK_SQL})`);
    try {
      return await dataSource.runMigrations({
        transaction: dataSource.options.migrationsTransactionMode ?? 'each',
      });
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(${MIGRATIONS_LOCK_SQL})`);
    }
  } finally {
    await runner.query('RESET statement_timeout').catch(() => undefined);
    await runner.release();
  }
}

/**
 * The app's data source factory: brings the schema up to date under the lock, then connects.
 * Migrations run on a data source of their own, without the pool's statement and client
 * timeouts (a migration or the wait for another instance's may take longer than a request
 * may), which is closed again before the app's pool opens.
 */
export async function initialiseAndMigrate(options?: DataSourceOptions): Promise<DataSource> {
  if (!options) throw new Error('the data source options are missing');
  const extra = (options.extra ?? {}) as Record<string, unknown>;
  const migrator = new DataSource({
    ...options,
    extra: { ...extra, max: 2, statement_timeout: 0, query_timeout: undefined },
  });
  await migrator.initialize();
  try {
    await runMigrationsLocked(migrator);
  } finally {
    await migrator.destroy().catch(() => undefined);
  }
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  return dataSource;
}

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
 * The app's data source factory: connects, then brings the schema up to date under the lock.
 * A data source whose migrations failed is closed again, so a retry starts clean.
 */
export async function initialiseAndMigrate(options?: DataSourceOptions): Promise<DataSource> {
  if (!options) throw new Error('the data source options are missing');
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  try {
    await runMigrationsLocked(dataSource);
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
  return dataSource;
}

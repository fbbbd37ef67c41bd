import { DataSource, DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { loadProcessConfig } from '../config/load-process-config';
import { ensureDatabase } from '../database/database-url.provider';
import { dataSourceOptions } from '../database/data-source-options';
import { EMBEDDED_DATABASE_NAME } from '../database/embedded-database-name';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { runMigrationsLocked } from '../database/run-migrations-locked';

/**
 * Runs `work` with an initialised DataSource on DATABASE_URL, or on the embedded server (the
 * same one `npm start` uses) when DATABASE_URL is unset; everything is closed afterwards.
 */
export async function withDataSource<T>(
  work: (dataSource: DataSource) => Promise<T>,
  overrides: Partial<DataSourceOptions> = {},
  /** The command's configuration when it has loaded it already (it is loaded once). */
  config: AppConfig = loadProcessConfig(),
): Promise<T> {
  let stopEmbedded: (() => Promise<void>) | undefined;
  let url = config.databaseUrl;
  if (!url) {
    // The embedded server `npm start` runs on the same folder is used when it is up (and left
    // running); otherwise one is started for this command and stopped afterwards.
    const server = await startEmbeddedPostgres(config.embeddedPgDir, {
      attach: true,
      notice: (message) => console.error(message),
    });
    stopEmbedded = () => server.stop();
    await ensureDatabase(server.url, EMBEDDED_DATABASE_NAME);
    url = server.urlFor(EMBEDDED_DATABASE_NAME);
  }
  // Migrations (when asked for) run under the same advisory lock as the app's start.
  const { migrationsRun, ...options } = overrides;
  const dataSource = new DataSource(dataSourceOptions(url, { ...options, migrationsRun: false }));
  try {
    await dataSource.initialize();
    if (migrationsRun) await runMigrationsLocked(dataSource);
    return await work(dataSource);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    if (stopEmbedded) await stopEmbedded();
  }
}

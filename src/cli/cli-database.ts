import { DataSource, DataSourceOptions } from 'typeorm';
import { loadConfig } from '../config/load-config';
import { ensureDatabase } from '../database/database-url.provider';
import { dataSourceOptions } from '../database/data-source-options';
import { EMBEDDED_DATABASE_NAME } from '../database/embedded-database-name';
import { startEmbeddedPostgres } from '../database/embedded-postgres';

/**
 * Runs `work` with an initialised DataSource on DATABASE_URL, or on the embedded server (the
 * same one `npm start` uses) when DATABASE_URL is unset; everything is closed afterwards.
 */
export async function withDataSource<T>(
  work: (dataSource: DataSource) => Promise<T>,
  overrides: Partial<DataSourceOptions> = {},
): Promise<T> {
  const config = loadConfig(process.env);
  let stopEmbedded: (() => Promise<void>) | undefined;
  let url = config.databaseUrl;
  if (!url) {
    const server = await startEmbeddedPostgres(config.embeddedPgDir);
    stopEmbedded = () => server.stop();
    await ensureDatabase(server.url, EMBEDDED_DATABASE_NAME);
    url = server.urlFor(EMBEDDED_DATABASE_NAME);
  }
  const dataSource = new DataSource(dataSourceOptions(url, overrides));
  try {
    await dataSource.initialize();
    return await work(dataSource);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    if (stopEmbedded) await stopEmbedded();
  }
}

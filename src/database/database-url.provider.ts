import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { EMBEDDED_DATABASE_NAME } from './embedded-database-name';
import { EmbeddedServer, startEmbeddedPostgres } from './embedded-postgres';

/**
 * Resolves the PostgreSQL connection: DATABASE_URL when set, otherwise an embedded server
 * started for the lifetime of the app (and stopped with it, after TypeORM has closed).
 */
@Injectable()
export class DatabaseConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private embedded: EmbeddedServer | undefined;
  private resolvedUrl: Promise<string> | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The connection URL; every data source asks, the embedded server starts once. */
  url(): Promise<string> {
    this.resolvedUrl ??= this.resolve();
    return this.resolvedUrl;
  }

  private async resolve(): Promise<string> {
    if (this.config.databaseUrl) return this.config.databaseUrl;
    this.logger.log(
      `DATABASE_URL is not set: starting embedded PostgreSQL in ${this.config.embeddedPgDir}`,
    );
    // A server left running by a killed run is stopped first; one that a live process (another
    // `npm start`) runs on the same folder is connected to, and left to that process to stop.
    this.embedded = await startEmbeddedPostgres(this.config.embeddedPgDir, {
      attach: true,
      notice: (message) => this.logger.warn(message),
      // The app stops it itself, after draining its requests (see main.ts).
      ownProcessGroup: true,
    });
    const database = EMBEDDED_DATABASE_NAME;
    await ensureDatabase(this.embedded.url, database);
    this.logger.log(`Embedded PostgreSQL is ready on port ${this.embedded.port}`);
    return this.embedded.urlFor(database);
  }

  get isEmbedded(): boolean {
    return this.embedded !== undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.embedded) {
      await this.embedded.stop();
      this.embedded = undefined;
    }
  }
}

/** Creates `database` on the server behind `adminUrl` when it does not exist yet. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
    }
  } finally {
    await client.end();
  }
}

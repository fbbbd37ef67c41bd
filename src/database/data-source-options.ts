import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { steadyPg } from './steady-pool';

/** Every entity and migration, found by file name so modules own their entities. */
const root = join(__dirname, '..', '..');
export const ENTITY_GLOBS = [join(root, 'src', '**', '*.entity.{ts,js}')];
export const MIGRATION_GLOBS = [join(root, 'migrations', '*.{ts,js}')];

const APPLICATION_NAME = 'student-performance-api';

/** The two pools of the app: `main` (logins, reads, writes, health) and `heavy` (bulk work). */
export type PoolName = 'main' | 'heavy';

/** How long the client waits past the server's own statement timeout before giving up. */
export const CLIENT_TIMEOUT_GRACE_MS = 2000;

/**
 * node-postgres settings of one pool (TypeORM `extra`): its size, how long to wait for a
 * connection, and the server-side timeouts set on every connection it opens (0: none). The
 * server name of each connection (application_name) says which pool it belongs to.
 *
 * A frozen or unreachable server cannot enforce its statement timeout, so the client gives up
 * too (`query_timeout`, a little later than the server would) and TCP keep-alive notices a
 * silent peer: a request never hangs for as long as the database does.
 */
export function poolExtra(database: DatabaseConfig, pool: PoolName): Record<string, unknown> {
  const heavy = pool === 'heavy';
  const statementTimeout = heavy ? database.heavyStatementTimeoutMs : database.statementTimeoutMs;
  return {
    max: heavy ? database.heavyPoolMax : database.poolMax,
    connectionTimeoutMillis: database.connectTimeoutMs,
    statement_timeout: statementTimeout,
    query_timeout: statementTimeout > 0 ? statementTimeout + CLIENT_TIMEOUT_GRACE_MS : undefined,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    idle_in_transaction_session_timeout: database.idleInTransactionTimeoutMs,
    application_name: heavy ? `${APPLICATION_NAME}:heavy` : APPLICATION_NAME,
    // No JIT compilation: it costs 300 to 400 ms on any statement the planner prices above
    // jit_above_cost (analytics and bulk statements on 100,000 students), more than it saves
    // on queries of this size.
    options: '-c jit=off',
  };
}

/** One definition of the PostgreSQL options, shared by the app, the CLI and the tests. */
export function dataSourceOptions(
  url: string,
  overrides: Partial<DataSourceOptions> = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    // pg with a pool that does not fail a request for one slow connection (see SteadyPool).
    driver: steadyPg,
    url,
    entities: ENTITY_GLOBS,
    migrations: MIGRATION_GLOBS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: 10, connectionTimeoutMillis: 5000, application_name: APPLICATION_NAME },
    ...overrides,
  } as DataSourceOptions;
}

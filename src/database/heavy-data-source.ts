import { InjectDataSource } from '@nestjs/typeorm';

/**
 * Name of the second TypeORM data source: its own pool (DB_HEAVY_POOL_MAX connections, the
 * longer DB_HEAVY_STATEMENT_TIMEOUT_MS) for batch predictions, imports, exports and training,
 * so that heavy work never takes the connections logins, reads and health checks need.
 */
export const HEAVY_DATA_SOURCE = 'heavy';

/** Injects the heavy-work data source (see HEAVY_DATA_SOURCE). */
export const InjectHeavyDataSource = (): ReturnType<typeof InjectDataSource> =>
  InjectDataSource(HEAVY_DATA_SOURCE);

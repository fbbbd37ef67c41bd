import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { DatabaseConnection } from './database-url.provider';
import { dataSourceOptions, poolExtra } from './data-source-options';
import { HEAVY_DATA_SOURCE } from './heavy-data-source';
import { HeavyWorkModule } from './heavy-work.module';
import { initialiseAndMigrate } from './run-migrations-locked';

/**
 * TypeORM on PostgreSQL; migrations run at start so the schema is always current, one process at
 * a time on a database (instances starting at once wait for each other's migrations).
 */
@Global()
@Module({
  providers: [DatabaseConnection],
  exports: [DatabaseConnection],
})
class DatabaseConnectionModule {}

@Module({
  imports: [
    DatabaseConnectionModule,
    HeavyWorkModule,
    TypeOrmModule.forRootAsync({
      inject: [DatabaseConnection, APP_CONFIG],
      useFactory: async (connection: DatabaseConnection, config: AppConfig) => ({
        ...dataSourceOptions(await connection.url(), { extra: poolExtra(config.database, 'main') }),
        // Migrations run in initialiseAndMigrate, under an advisory lock.
        migrationsRun: false,
        retryAttempts: 2,
        retryDelay: 1000,
      }),
      dataSourceFactory: initialiseAndMigrate,
    }),
    // Heavy work on its own pool; the schema is the default data source's business.
    TypeOrmModule.forRootAsync({
      name: HEAVY_DATA_SOURCE,
      inject: [DatabaseConnection, APP_CONFIG],
      useFactory: async (connection: DatabaseConnection, config: AppConfig) => ({
        ...dataSourceOptions(await connection.url(), {
          extra: poolExtra(config.database, 'heavy'),
        }),
        name: HEAVY_DATA_SOURCE,
        migrationsRun: false,
        retryAttempts: 2,
        retryDelay: 1000,
      }),
    }),
  ],
})
export class DatabaseModule {}

import { Global, Module } from '@nestjs/common';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
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
    // `@Transactional()` and `TransactionHost` run on the main data source: requests' writes,
    // their locks and their audit rows share its transactions. `@Transactional(HEAVY_DATA_SOURCE)`
    // and `@InjectTransactionHost(HEAVY_DATA_SOURCE)` run on the heavy pool: a batch of predictions
    // stores its rows there and the listeners of stored predictions write theirs in the same
    // transaction.
    ClsModule.registerPlugins([
      new ClsPluginTransactional({
        adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }),
      }),
      new ClsPluginTransactional({
        connectionName: HEAVY_DATA_SOURCE,
        adapter: new TransactionalAdapterTypeOrm({
          dataSourceToken: getDataSourceToken(HEAVY_DATA_SOURCE),
        }),
      }),
    ]),
  ],
})
export class DatabaseModule {}

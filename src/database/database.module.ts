import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseConnection } from './database-url.provider';
import { dataSourceOptions } from './data-source-options';

/** TypeORM on PostgreSQL; migrations run at start so the schema is always current. */
@Global()
@Module({
  providers: [DatabaseConnection],
  exports: [DatabaseConnection],
})
class DatabaseConnectionModule {}

@Module({
  imports: [
    DatabaseConnectionModule,
    TypeOrmModule.forRootAsync({
      inject: [DatabaseConnection],
      useFactory: async (connection: DatabaseConnection) => ({
        ...dataSourceOptions(await connection.url()),
        migrationsRun: true,
        retryAttempts: 2,
        retryDelay: 1000,
      }),
    }),
  ],
})
export class DatabaseModule {}

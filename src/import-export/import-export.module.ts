import { getTransactionHostToken, Propagation, TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import { tmpdir } from 'node:os';
import type { DataSource } from 'typeorm';
import { AuditModule } from '../audit/audit.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { HEAVY_DATA_SOURCE } from '../database/heavy-data-source';
import { DataImportsRepository } from './data-imports.repository';
import { FailedImportRecorder } from './failed-import-recorder';
import { ImportExportController } from './import-export.controller';
import { ImportExportService } from './import-export.service';
import { ImportJobs } from './import-jobs';
import { RemoveUploadInterceptor } from './remove-upload.interceptor';
import { StudentExporter } from './student-exporter';
import { StudentImporter } from './student-importer';

/**
 * Data import and export (`/api/data`). Uploads go to a temporary file (never held in
 * memory), at most IMPORT_MAX_BYTES, one file per request, and are removed after it. Imports
 * and exports run on the heavy-work pool; reports are read and kept on the main one.
 */
@Module({
  imports: [
    AuditModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        dest: tmpdir(),
        defParamCharset: 'utf8',
        limits: {
          fileSize: config.import.maxBytes,
          files: 1,
          fields: 10,
          fieldSize: 1024,
          parts: 12,
        },
      }),
    }),
  ],
  controllers: [ImportExportController],
  providers: [
    ImportExportService,
    ImportJobs,
    FailedImportRecorder,
    DataImportsRepository,
    RemoveUploadInterceptor,
    {
      // A plain class (the command line builds it too), made here on the app's pools. Each
      // import is a new transaction of the heavy pool's transaction host, so its hooks' writes
      // (the audit row) join it without being handed its EntityManager.
      provide: StudentImporter,
      inject: [
        getDataSourceToken(),
        APP_CONFIG,
        getTransactionHostToken(HEAVY_DATA_SOURCE),
        DataImportsRepository,
      ],
      useFactory: (
        main: DataSource,
        config: AppConfig,
        heavyTx: TransactionHost<TransactionalAdapterTypeOrm>,
        imports: DataImportsRepository,
      ) =>
        new StudentImporter(
          main,
          config.import,
          (work) => heavyTx.withTransaction(Propagation.RequiresNew, () => work(heavyTx.tx)),
          imports,
        ),
    },
    {
      provide: StudentExporter,
      inject: [getDataSourceToken(HEAVY_DATA_SOURCE)],
      useFactory: (heavy: DataSource) => new StudentExporter(heavy),
    },
  ],
})
export class ImportExportModule {}

import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { tmpdir } from 'node:os';
import { AuditModule } from '../audit/audit.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { DataImportsRepository } from './data-imports.repository';
import { FailedImportRecorder } from './failed-import-recorder';
import { ImportExportController } from './import-export.controller';
import { ImportExportService } from './import-export.service';
import { ImportJobs } from './import-jobs';
import { RemoveUploadInterceptor } from './remove-upload.interceptor';

/**
 * Data import and export (`/api/data`). Uploads go to a temporary file (never held in
 * memory), at most IMPORT_MAX_BYTES, one file per request, and are removed after it.
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
  ],
})
export class ImportExportModule {}

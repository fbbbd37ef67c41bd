import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { rm } from 'node:fs/promises';
import type { Observable } from 'rxjs';
import { finalize } from 'rxjs';
import { keptUploads } from './kept-uploads';
import type { UploadedCsvFile } from './uploaded-csv-file';

/**
 * Removes the uploaded file's temporary copy once the request is done, whatever happened;
 * except a file handed over to a background import job, which the job removes when it ends.
 */
@Injectable()
export class RemoveUploadInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ file?: UploadedCsvFile }>();
    return next.handle().pipe(
      finalize(() => {
        const file = request.file;
        if (!file?.path || keptUploads.has(file)) return;
        void rm(file.path, { force: true }).catch(() => undefined);
      }),
    );
  }
}

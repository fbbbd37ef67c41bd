import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { rm } from 'node:fs/promises';
import type { Observable } from 'rxjs';
import { finalize } from 'rxjs';
import type { UploadedCsvFile } from './uploaded-csv-file';

/** Removes the uploaded file's temporary copy once the request is done, whatever happened. */
@Injectable()
export class RemoveUploadInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ file?: UploadedCsvFile }>();
    return next.handle().pipe(
      finalize(() => {
        const path = request.file?.path;
        if (path) void rm(path, { force: true }).catch(() => undefined);
      }),
    );
  }
}

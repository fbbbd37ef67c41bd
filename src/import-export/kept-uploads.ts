import type { UploadedCsvFile } from './uploaded-csv-file';

/**
 * Uploads handed over to a background import job: the request no longer owns their temporary
 * file, so RemoveUploadInterceptor leaves it and the job removes it when it ends.
 */
export const keptUploads = new WeakSet<UploadedCsvFile>();

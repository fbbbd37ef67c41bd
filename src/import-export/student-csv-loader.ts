import type { ImportLimits } from '../config/app-config';
import type { StudentStaging } from '../students/student-staging';
import { CopyBatchWriter } from './copy-batch-writer';
import type { UnknownColumns } from './header-mapping';
import { LoadedRows, StudentCsvReader } from './student-csv-reader';
import type { ImportProgress, ImportSource } from './student-import.types';

/**
 * Streams a file into the staging table: StudentCsvReader checks it chunk by chunk and its
 * valid rows go on through COPY as they come, so memory stays bounded whatever the file's
 * size. Reports the `read` and `check` phases per chunk.
 */
export class StudentCsvLoader {
  constructor(
    private readonly limits: ImportLimits,
    private readonly unknownColumns: UnknownColumns,
  ) {}

  /** Reads the file into the staging table; collects the problems of every row. */
  async load(
    staging: StudentStaging,
    source: ImportSource,
    onProgress: (progress: ImportProgress) => void,
  ): Promise<LoadedRows> {
    const copy = new CopyBatchWriter(await staging.open());
    const reader = new StudentCsvReader(this.limits, this.unknownColumns, (line) => copy.add(line));
    const report = (done: boolean) => {
      const { bytesRead: bytes } = reader;
      const rows = reader.result.rowsTotal;
      onProgress({ phase: 'read', bytes, rows, done: bytes, total: source.size });
      onProgress({ phase: 'check', bytes, rows, done: rows, total: done ? rows : null });
    };
    try {
      for await (const chunk of source.open()) {
        reader.push(chunk as Buffer);
        await copy.flushWhenFull();
        report(false);
      }
      reader.end();
      await copy.end();
    } catch (error: unknown) {
      await copy.abort(error);
      throw error;
    }
    report(true);
    await staging.loaded();
    return reader.result;
  }
}

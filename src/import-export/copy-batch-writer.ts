import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

const COPY_BATCH_CHARS = 64 * 1024;

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Lines for a COPY stream, written in batches of about 64 KiB and with the stream's
 * backpressure; an error of the COPY (its stream ended early) is thrown by the next write.
 */
export class CopyBatchWriter {
  private batch = '';
  private readonly done: Promise<Error | null>;

  constructor(private readonly copy: Writable) {
    this.done = finished(copy).then(() => null, asError);
  }

  add(line: string): void {
    this.batch += line;
  }

  /** Writes the batch once it is large enough. */
  async flushWhenFull(): Promise<void> {
    if (this.batch.length >= COPY_BATCH_CHARS) await this.flush();
  }

  /** Writes what is left and ends the COPY; throws its error if it failed. */
  async end(): Promise<void> {
    await this.flush();
    this.copy.end();
    const error = await this.done;
    if (error) throw error;
  }

  /** Stops the COPY (the import is refused or failed). */
  async abort(reason: unknown): Promise<void> {
    this.copy.destroy(reason instanceof Error ? reason : new Error('import aborted'));
    await this.done;
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const text = this.batch;
    this.batch = '';
    if (this.copy.destroyed) throw (await this.done) ?? new Error('COPY stopped early');
    if (!this.copy.write(text)) {
      await Promise.race([
        once(this.copy, 'drain'),
        this.done.then((error) => {
          throw error ?? new Error('COPY stopped early');
        }),
      ]);
    }
  }
}

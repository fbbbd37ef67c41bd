import type { Entry, ZipFile } from 'yauzl';

/** What the central directory of a ZIP file lists, with each entry's unpacked size checked. */
export interface ZipDirectory {
  names: ReadonlySet<string>;
  /** Bytes all entries unpack to (their declared sizes, which were checked while unpacking). */
  uncompressedBytes: number;
}

/** The ZIP is larger than allowed when unpacked, or holds too many entries. */
export class ZipTooLargeError extends Error {
  constructor() {
    super('ZIP content above the limit');
  }
}

const MAX_ENTRIES = 10_000;

/** Opens the ZIP file; yauzl is loaded on the first workbook upload, not at start. */
async function opened(path: string): Promise<ZipFile> {
  const { open: openZip } = await import('yauzl');
  return new Promise((resolve, reject) =>
    openZip(
      path,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false },
      (error, zip) => (error ? reject(error) : resolve(zip)),
    ),
  );
}

function readStream(zip: ZipFile, entry: Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))),
  );
}

/**
 * Reads the central directory of the ZIP file at `path` and unpacks every entry once without
 * keeping it, so that a file whose entries unpack to more than they declare (yauzl checks each
 * entry's real size against its declared one) or to more than `maxUncompressedBytes` in all is
 * refused (ZipTooLargeError) before anything else reads it. A file that is not a ZIP rejects
 * with yauzl's error.
 */
export async function readZipDirectory(
  path: string,
  maxUncompressedBytes: number,
): Promise<ZipDirectory> {
  const zip = await opened(path);
  const names = new Set<string>();
  let declared = 0;
  let unpacked = 0;
  try {
    if (zip.entryCount > MAX_ENTRIES) throw new ZipTooLargeError();
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: Entry) => {
        names.add(entry.fileName);
        declared += entry.uncompressedSize;
        if (declared > maxUncompressedBytes) {
          reject(new ZipTooLargeError());
          return;
        }
        if (entry.fileName.endsWith('/')) {
          zip.readEntry();
          return;
        }
        readStream(zip, entry).then((stream) => {
          stream.on('data', (chunk: Buffer) => {
            unpacked += chunk.length;
            if (unpacked > maxUncompressedBytes) {
              (stream as unknown as { destroy(): void }).destroy();
              reject(new ZipTooLargeError());
            }
          });
          stream.on('error', reject);
          stream.on('end', () => zip.readEntry());
        }, reject);
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return { names, uncompressedBytes: declared };
}

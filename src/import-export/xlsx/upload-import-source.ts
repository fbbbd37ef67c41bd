import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { ImportLimits } from '../../config/app-config';
import type { ImportSource } from '../student-importer';
import type { UploadedCsvFile } from '../uploaded-csv-file';
import { xlsxCsvStream } from './xlsx-csv-stream';
import { NotXlsxError, XlsxTooLargeError } from './xlsx-import.errors';
import { XLSX_MEDIA_TYPE } from './xlsx-media-type';
import { readZipDirectory, ZipTooLargeError } from './zip-directory';

/** A ZIP file starts with a local file header: `PK\x03\x04`. */
const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const WORKSHEET = /^xl\/worksheets\/sheet\d+\.xml$/;
/**
 * How many times its own size a workbook may unpack to: the XML of a sheet of numbers is about
 * 5 to 10 times its compressed size; ZIP bombs are hundreds to millions of times theirs.
 */
const MAX_EXPANSION = 40;

async function startsWithZipSignature(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await file.read(head, 0, 4, 0);
    return bytesRead === 4 && head.equals(ZIP_SIGNATURE);
  } finally {
    await file.close();
  }
}

function claimsXlsx(file: UploadedCsvFile): boolean {
  return /\.xlsx$/i.test(file.originalname ?? '') || file.mimetype === XLSX_MEDIA_TYPE;
}

/**
 * What an uploaded import file is read as. The content decides, not the name: a file that
 * starts like a ZIP and whose directory holds an Excel workbook (`xl/workbook.xml` and a
 * worksheet) is an XLSX workbook, read as the CSV text of its first worksheet (the importer's
 * checks, limits and report stay the same; IMPORT_MAX_BYTES applies to the workbook). Any
 * other file is CSV, unless it claims to be a workbook (name .xlsx or the XLSX media type) or
 * is a ZIP without a workbook: those are refused (NotXlsxError, 422). A workbook that unpacks
 * to more than MAX_EXPANSION times IMPORT_MAX_BYTES, or whose entries unpack to more than they
 * declare, is refused before it is read (XlsxTooLargeError, 413). A workbook whose XML turns
 * out malformed as it is read errors the source's stream with NotXlsxError (422).
 */
export async function uploadImportSource(
  file: UploadedCsvFile,
  limits: ImportLimits,
): Promise<ImportSource> {
  const fileName = file.originalname || 'upload.csv';
  const asCsv: ImportSource = {
    fileName,
    size: file.size,
    open: () => createReadStream(file.path),
  };
  if (!(await startsWithZipSignature(file.path))) {
    if (claimsXlsx(file)) {
      throw new NotXlsxError(`"${fileName}" is named or typed as an XLSX workbook but is not one.`);
    }
    return asCsv;
  }
  // Above the byte limit the importer refuses the file as it refuses a CSV, without unpacking.
  if (file.size > limits.maxBytes) return asCsv;
  const maxUncompressed = MAX_EXPANSION * limits.maxBytes;
  let names: ReadonlySet<string>;
  try {
    ({ names } = await readZipDirectory(file.path, maxUncompressed));
  } catch (error: unknown) {
    if (error instanceof ZipTooLargeError) throw new XlsxTooLargeError(maxUncompressed);
    throw new NotXlsxError(`"${fileName}" starts like a ZIP file but cannot be unpacked.`);
  }
  if (!names.has('xl/workbook.xml') || ![...names].some((name) => WORKSHEET.test(name))) {
    throw new NotXlsxError(`"${fileName}" is a ZIP file without an Excel workbook in it.`);
  }
  return { fileName, size: file.size, open: () => xlsxCsvStream(file.path, fileName) };
}

/** The part of multer's file description the import uses (disk storage). */
export interface UploadedCsvFile {
  originalname: string;
  /** Temporary file holding the upload; removed after the request. */
  path: string;
  size: number;
  /** The media type the client gave the part, e.g. text/csv (not trusted for the format). */
  mimetype?: string;
}

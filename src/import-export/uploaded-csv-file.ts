/** The part of multer's file description the import uses (disk storage). */
export interface UploadedCsvFile {
  originalname: string;
  /** Temporary file holding the upload; removed after the request. */
  path: string;
  size: number;
}

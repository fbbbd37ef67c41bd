import {
  BadRequestError,
  ConflictError,
  NotFoundError,
  PayloadTooLargeError,
  UnprocessableError,
} from '../common/errors/common.errors';

export class ImportNotFoundError extends NotFoundError {
  override readonly code = 'import_not_found';
  constructor(importId: string) {
    super(`No import ${importId}.`);
  }
}

export class ImportFileMissingError extends BadRequestError {
  override readonly code = 'import_file_missing';
  constructor() {
    super('Send the CSV file as the multipart/form-data field "file".');
  }
}

export class InvalidIdempotencyKeyError extends BadRequestError {
  override readonly code = 'invalid_idempotency_key';
  constructor() {
    super('Idempotency-Key must be 1 to 255 visible ASCII characters.');
  }
}

/** The key was used before for another file, mode, dry_run or unknown_columns: nothing is imported. */
export class IdempotencyKeyReusedError extends UnprocessableError {
  override readonly code = 'idempotency_key_reused';
  constructor(previousImportId: string) {
    super(
      'This Idempotency-Key was already used for an import of other content or options; use a new key for a new import.',
      { extensions: { import_id: previousImportId } },
    );
  }
}

/** A student of the file was created by another request while the import ran. */
export class ImportConflictError extends ConflictError {
  override readonly code = 'import_conflict';
  constructor() {
    super(
      'A student in the file was created by another request during the import; nothing was imported. Retry the import.',
    );
  }
}

/** The file or some of its rows are invalid (atomic mode): nothing was imported. */
export class ImportRejectedError extends UnprocessableError {
  override readonly code = 'import_rejected';
  constructor(detail: string, report: Record<string, unknown>) {
    super(detail, { extensions: report });
  }
}

/** The file has more rows or bytes than the server accepts: nothing was imported. */
export class ImportTooLargeError extends PayloadTooLargeError {
  override readonly code = 'import_too_large';
  constructor(detail: string, report: Record<string, unknown>) {
    super(detail, { extensions: report });
  }
}

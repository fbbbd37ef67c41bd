import { unknownColumnsRule } from './header-mapping';
import type { DataImport } from './entities/data-import.entity';
import type { ImportRequest } from './student-import.types';

/** The options of an import request that change its outcome (async only changes its delivery). */
export type ImportOutcomeOptions = Pick<ImportRequest, 'mode' | 'dryRun' | 'unknownColumns'>;

/**
 * Whether the stored import `previous` was asked for with the same content (`sha256`) and the
 * same value of every option that changes the outcome, so that its report answers this
 * request too. A key reused with anything else is refused (idempotency_key_reused): replaying
 * would answer a request that was never made.
 */
export function isSameImportRequest(
  previous: DataImport,
  sha256: string,
  options: ImportOutcomeOptions,
): boolean {
  return (
    previous.fileHash === sha256 &&
    previous.mode === options.mode &&
    previous.dryRun === options.dryRun &&
    previous.unknownColumns === unknownColumnsRule(options.unknownColumns)
  );
}

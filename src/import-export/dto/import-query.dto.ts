import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { apiEnum, apiEnumParameter } from '../../common/http/api-enum';

export const IMPORT_MODES = ['atomic', 'partial'] as const;
export const UNKNOWN_COLUMNS_CHOICES = ['ignore', 'error'] as const;
const UNKNOWN_COLUMNS_ENUM = apiEnum(
  'UnknownColumns',
  UNKNOWN_COLUMNS_CHOICES,
  '`ignore`: columns the import does not know are skipped, with a warning each. `error`: they refuse the file.',
);
export const IMPORT_MODE_ENUM = apiEnum(
  'ImportMode',
  IMPORT_MODES,
  '`atomic`: all rows or none. `partial`: the valid rows are imported and the others reported.',
);

/** `POST /api/data/import` query: what to do with the file. */
export class ImportQueryDto {
  @ApiPropertyOptional({
    description:
      'Check the file and report what would happen (inserted, updated, problems) without writing anything.',
    type: Boolean,
    default: false,
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean({ message: 'dry_run must be true or false' })
  dry_run: boolean = false;

  @ApiPropertyOptional({
    description:
      '`atomic`: all rows or none (any problem rejects the file with 422). `partial`: import the valid rows and report the others.',
    ...apiEnumParameter(IMPORT_MODE_ENUM),
    default: 'atomic',
  })
  @IsOptional()
  @IsIn(IMPORT_MODES, { message: 'mode must be atomic or partial' })
  mode: (typeof IMPORT_MODES)[number] = 'atomic';

  @ApiPropertyOptional({
    description:
      'Run the import as a background job: answered at once with 202 and the job (`queued` or `running`); follow it at `GET /api/data/imports/{import_id}`. A file larger than IMPORT_ASYNC_ABOVE_BYTES (default 1 MiB) is always a job, even with async=false.',
    type: Boolean,
    default: false,
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean({ message: 'async must be true or false' })
  async: boolean = false;

  @ApiPropertyOptional({
    description:
      'What to do with columns the import does not know (e.g. `Grade`, `Homeroom` from a school information system): `ignore` skips them, each listed as an `unknown_column` warning and in `columns.ignored`; `error` refuses the file (422, an `unknown_column` problem for each).',
    ...apiEnumParameter(UNKNOWN_COLUMNS_ENUM),
    default: 'ignore',
  })
  @IsOptional()
  @IsIn(UNKNOWN_COLUMNS_CHOICES, { message: 'unknown_columns must be ignore or error' })
  unknown_columns: (typeof UNKNOWN_COLUMNS_CHOICES)[number] = 'ignore';
}

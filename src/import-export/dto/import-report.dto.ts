import { ApiProperty } from '@nestjs/swagger';
import { ImportColumnsDto } from './import-columns.dto';
import { ImportProblemDto } from './import-problem.dto';
import { IMPORT_MODE_ENUM } from './import-query.dto';
import { ImportWarningDto } from './import-warning.dto';
import { apiEnum } from '../../common/http/api-enum';

export const IMPORT_PHASES = ['read', 'check', 'load', 'merge'] as const;
const IMPORT_PHASE_ENUM = apiEnum(
  'ImportPhase',
  IMPORT_PHASES,
  'Phase of a background import: `read` the file, `check` its rows, `load` the checked rows, `merge` them into the students.',
);

const IMPORT_STATUS_ENUM = apiEnum(
  'ImportStatus',
  ['queued', 'running', 'completed', 'rejected', 'failed'],
  'State of an import: a background job is `queued`, then `running`; the other values are outcomes.',
);

/** The report of one import, as returned by the import and by `GET /api/data/imports/{id}`. */
export class ImportReportDto {
  @ApiProperty({ format: 'uuid', example: '0b6c1f0e-3c1a-4f7e-9d55-2f1b8e0c4a11' })
  import_id!: string;

  @ApiProperty({
    ...IMPORT_STATUS_ENUM,
    description:
      '`queued`: a background job waiting for an import place. `running`: the job is importing (see `progress`). `completed`: rows were imported (or, for a dry run, would be). `rejected`: nothing was imported because of the problems listed. `failed`: an internal error stopped the import, or its server stopped (`import_interrupted`); nothing was imported.',
    example: 'completed',
  })
  status!: 'queued' | 'running' | 'completed' | 'rejected' | 'failed';

  @ApiProperty({ ...IMPORT_MODE_ENUM, example: 'atomic' })
  mode!: 'atomic' | 'partial';

  @ApiProperty({ description: 'Nothing was written.', example: false })
  dry_run!: boolean;

  @ApiProperty({ example: 'StudentPerformanceFactors.csv' })
  file_name!: string;

  @ApiProperty({ description: 'Size in bytes.', example: 539143 })
  file_size!: number;

  @ApiProperty({
    description: 'Hex SHA-256 of the file.',
    example: 'ee8de840ad78bd25f8abb3113bbe1871e7bc3c9a27ab26293262b82500a60a40',
  })
  file_sha256!: string;

  @ApiProperty({ description: 'Data rows in the file (blank lines not counted).', example: 5607 })
  rows_total!: number;

  @ApiProperty({ description: 'New students created.', example: 5600 })
  inserted!: number;

  @ApiProperty({
    description: 'Existing students (same student_id) whose data changed.',
    example: 4,
  })
  updated!: number;

  @ApiProperty({ description: 'Existing students whose data was already the same.', example: 1 })
  unchanged!: number;

  @ApiProperty({
    description:
      'Rows not imported: invalid or repeated rows (partial mode), or every row of a rejected file.',
    example: 2,
  })
  skipped!: number;

  @ApiProperty({ description: 'Number of problems found (all of them).', example: 2 })
  error_count!: number;

  @ApiProperty({
    description: 'True when `errors` lists only the first 100 problems.',
    example: false,
  })
  errors_truncated!: boolean;

  @ApiProperty({
    type: [ImportProblemDto],
    description: 'The problems, in row order (at most 100).',
  })
  errors!: ImportProblemDto[];

  @ApiProperty({
    description:
      'True when this is the stored result of an earlier import, returned again for the same Idempotency-Key or for the same file content (which would otherwise create its students without Student_ID a second time).',
    example: false,
  })
  replayed!: boolean;

  @ApiProperty({
    example: '5b0f7f0e-6a0c-4d55-9b1e-1f0c2b8f4a11',
    format: 'uuid',
    type: String,
    nullable: true,
    description: 'Importing user; null for the command line.',
  })
  created_by!: string | null;

  @ApiProperty({ format: 'date-time', example: '2025-01-31T10:00:00.000Z' })
  created_at!: string;

  @ApiProperty({
    format: 'date-time',
    type: String,
    nullable: true,
    example: '2025-01-31T10:00:01.200Z',
  })
  completed_at!: string | null;

  @ApiProperty({
    format: 'date-time',
    type: String,
    nullable: true,
    description:
      'When a background job got its import place and began; null while queued and for an import run in its request.',
    example: '2025-01-31T10:00:00.300Z',
  })
  started_at!: string | null;

  @ApiProperty({
    format: 'date-time',
    type: String,
    nullable: true,
    description:
      "A background job's last progress write (about once a second while it runs); null for an import run in its request.",
    example: '2025-01-31T10:00:01.100Z',
  })
  updated_at!: string | null;

  @ApiProperty({
    ...IMPORT_PHASE_ENUM,
    nullable: true,
    description:
      "A background job's phase as last written (kept once it ends), in order: `read` (the file's bytes), `check` (rows checked), `load` (checked rows loaded), `merge` (rows written into the students); null before it reads and for an import run in its request.",
    example: 'check',
  })
  phase!: (typeof IMPORT_PHASES)[number] | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: "A job's bytes of the file read so far; null for an import run in its request.",
    example: 8388608,
  })
  bytes_read!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: "A job's data rows read so far; null for an import run in its request.",
    example: 100000,
  })
  rows_read!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      "Units of the job's phase done: bytes for `read`, rows for the other phases; null without a phase.",
    example: 42000,
  })
  phase_done!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: "Units of the job's phase in all, when known (null while unknown).",
    example: 100000,
  })
  phase_total!: number | null;

  @ApiProperty({ description: 'Number of warnings found (all of them).', example: 3 })
  warning_count!: number;

  @ApiProperty({
    type: [ImportWarningDto],
    description:
      'Warnings, in row order (at most 100): ignored columns, likely duplicates. They do not stop a row in either mode.',
  })
  warnings!: ImportWarningDto[];

  @ApiProperty({
    type: ImportColumnsDto,
    description:
      "The file's columns: used, ignored and missing; three empty lists when its header was not read (a file too large, not UTF-8 before its header, or an import stored before reports had them).",
  })
  columns!: ImportColumnsDto;
}

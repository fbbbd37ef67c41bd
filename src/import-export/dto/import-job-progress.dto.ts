import { ApiProperty } from '@nestjs/swagger';
import { apiEnum } from '../../common/http/api-enum';

export const IMPORT_PHASES = ['read', 'check', 'load', 'merge'] as const;
const IMPORT_PHASE_ENUM = apiEnum(
  'ImportPhase',
  IMPORT_PHASES,
  'Phase of an import: `read` the file, `check` its rows, `load` the checked rows, `merge` them into the students.',
);

/** How far a background import has got, as its server last wrote it (about once a second). */
export class ImportJobProgressDto {
  @ApiProperty({
    ...IMPORT_PHASE_ENUM,
    description:
      'The phase, in order: `read` (bytes of the file), `check` (rows checked), `load` (checked rows loaded), `merge` (rows written into the students).',
    example: 'check',
  })
  phase!: (typeof IMPORT_PHASES)[number];

  @ApiProperty({ description: 'Bytes of the file read so far.', example: 8388608 })
  bytes_read!: number;

  @ApiProperty({ description: 'Data rows read so far.', example: 100000 })
  rows_read!: number;

  @ApiProperty({
    description: 'Units of the phase done: bytes for `read`, rows for the other phases.',
    example: 42000,
  })
  done!: number;

  @ApiProperty({
    description: 'Units of the phase in all, when known (null while unknown).',
    type: Number,
    nullable: true,
    example: 100000,
  })
  total!: number | null;
}

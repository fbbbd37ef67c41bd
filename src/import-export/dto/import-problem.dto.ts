import { ApiProperty } from '@nestjs/swagger';
import { apiEnum } from '../../common/http/api-enum';

const CODES = [
  'invalid_value',
  'required_value',
  'cell_count',
  'unnamed_cell',
  'duplicate_student_id',
  'duplicate_email',
  'unknown_column',
  'duplicate_column',
  'missing_column',
  'empty_file',
  'no_header',
  'no_data_rows',
  'too_many_rows',
  'file_too_large',
  'unterminated_quote',
  'field_too_long',
  'header_too_long',
  'not_text',
  'not_utf8',
  'database_unavailable',
  'import_failed',
  'import_interrupted',
];
const IMPORT_PROBLEM_CODE_ENUM = apiEnum(
  'ImportProblemCode',
  CODES,
  'Kind of problem found in an imported file.',
);

/** One problem of an imported file, located as a spreadsheet shows it. */
export class ImportProblemDto {
  @ApiProperty({
    description:
      'Row number as a spreadsheet shows it: the header is row 1, the first data row is row 2.',
    example: 5,
  })
  row!: number;

  @ApiProperty({
    description: 'Column header; null when the problem concerns the whole row or file.',
    type: String,
    nullable: true,
    example: 'Attendance',
  })
  column!: string | null;

  @ApiProperty({ example: 'Attendance must be between 0 and 100 (got "120").' })
  message!: string;

  @ApiProperty({
    description: 'Kind of problem.',
    ...IMPORT_PROBLEM_CODE_ENUM,
    example: 'invalid_value',
  })
  code!: string;
}

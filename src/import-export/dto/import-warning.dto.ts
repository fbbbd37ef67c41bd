import { ApiProperty } from '@nestjs/swagger';
import { apiEnum } from '../../common/http/api-enum';

const IMPORT_WARNING_CODE_ENUM = apiEnum(
  'ImportWarningCode',
  ['unknown_column', 'likely_duplicate', 'ambiguous_email'],
  'Kind of warning about an imported file.',
);

/** Something in an imported file worth a look that did not stop its row; located like a problem. */
export class ImportWarningDto {
  @ApiProperty({
    description:
      'Row number as a spreadsheet shows it: the header is row 1 (ignored columns), the first data row is row 2.',
    example: 14,
  })
  row!: number;

  @ApiProperty({
    description: 'Column header; null when the warning concerns the whole row.',
    type: String,
    nullable: true,
    example: null,
  })
  column!: string | null;

  @ApiProperty({
    example:
      "New student Zoë O'Brien, age 15, has the name and age of existing student 2024-0012; check they are not the same person.",
  })
  message!: string;

  @ApiProperty({
    description:
      '`unknown_column`: a column the import does not know was ignored. `likely_duplicate`: a new student with the first name, last name and age of an existing student or of another row, or two rows with different Student_IDs sharing an email. `ambiguous_email`: a row without Student_ID whose email belongs to several students; the earliest created was updated.',
    ...IMPORT_WARNING_CODE_ENUM,
    example: 'likely_duplicate',
  })
  code!: string;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { StudentFilterDto } from '../../students/dto/student-filter.dto';
import { apiEnum, apiEnumParameter } from '../../common/http/api-enum';

export const EXPORT_FORMATS = ['csv', 'json', 'xlsx'] as const;
const EXPORT_FORMAT_ENUM = apiEnum('ExportFormat', EXPORT_FORMATS, 'Format of an export.');

/** `GET /api/data/export`: the students-list filters and the format. */
export class ExportQueryDto extends StudentFilterDto {
  @ApiPropertyOptional({
    description:
      "`csv`: the columns the import accepts (Student_ID, First_Name, Last_Name, Age, Email and the data set's 20 columns; Yes/No, blanks for unknown). `json`: an array of student objects. `xlsx`: an Excel workbook with the CSV's columns in one worksheet (numbers as number cells, Yes/No and names as text cells, empty cells for unknown; a bold, frozen header row), which the import accepts too.",
    ...apiEnumParameter(EXPORT_FORMAT_ENUM),
    default: 'csv',
  })
  @IsOptional()
  @IsIn(EXPORT_FORMATS, { message: 'format must be csv, json or xlsx' })
  format: (typeof EXPORT_FORMATS)[number] = 'csv';

  @ApiPropertyOptional({
    description:
      'CSV only: start the file with a UTF-8 byte-order mark (bytes EF BB BF), so Excel reads accented names correctly. When not given, it is on for a client that asks for Excel (an `Accept` header naming `application/vnd.ms-excel` or `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`, or a `User-Agent` with the word `Excel` or `Microsoft.Data.Mashup`, i.e. Power Query) and off otherwise. JSON never has one. The import accepts files with or without it.',
    type: Boolean,
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean({ message: 'bom must be true or false' })
  bom?: boolean;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { StudentFilterDto } from '../../students/dto/student-filter.dto';
import { apiEnum, apiEnumParameter } from '../../common/http/api-enum';

export const EXPORT_FORMATS = ['csv', 'json'] as const;
const EXPORT_FORMAT_ENUM = apiEnum('ExportFormat', EXPORT_FORMATS, 'Format of an export.');

/** `GET /api/data/export`: the students-list filters and the format. */
export class ExportQueryDto extends StudentFilterDto {
  @ApiPropertyOptional({
    description:
      "`csv`: the columns the import accepts (Student_ID, First_Name, Last_Name, Age, Email and the data set's 20 columns; Yes/No, blanks for unknown). `json`: an array of student objects.",
    ...apiEnumParameter(EXPORT_FORMAT_ENUM),
    default: 'csv',
  })
  @IsOptional()
  @IsIn(EXPORT_FORMATS, { message: 'format must be csv or json' })
  format: (typeof EXPORT_FORMATS)[number] = 'csv';
}

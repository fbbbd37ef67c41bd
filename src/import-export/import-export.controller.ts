import {
  Controller,
  Get,
  Headers,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { Access } from '../common/decorators/access.decorator';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { ProblemResponseDto } from '../common/http/problem-response.dto';
import { ApiHeavyWorkResponse } from '../database/api-heavy-work-response';
import { StudentResponseDto } from '../students/dto/student-response.dto';
import { clientAsksForExcel } from './client-asks-for-excel';
import { ExportQueryDto } from './dto/export-query.dto';
import { ImportQueryDto } from './dto/import-query.dto';
import { ImportReportDto } from './dto/import-report.dto';
import { ImportExportService } from './import-export.service';
import { ApiImportStudents } from './api-import-students';
import { IMPORT_JOB_POLL_SECONDS } from './import-job-poll-seconds';
import { RemoveUploadInterceptor } from './remove-upload.interceptor';
import type { UploadedCsvFile } from './uploaded-csv-file';
import { XLSX_MEDIA_TYPE } from './xlsx/xlsx-media-type';

/**
 * The status and headers of an import's answer: 202 with Location and Retry-After for a job,
 * 201 with Location for an import this request made, 200 for a dry run or a replay.
 */
function sendImportAnswer(
  response: Response,
  answer: { report: ImportReportDto; created: boolean; accepted: boolean },
): ImportReportDto {
  const { report, created, accepted } = answer;
  if (accepted) {
    response.status(202);
    response.location(`/api/data/imports/${report.import_id}`);
    response.setHeader('Retry-After', String(IMPORT_JOB_POLL_SECONDS));
    return report;
  }
  response.status(created ? 201 : 200);
  if (created) response.location(`/api/data/imports/${report.import_id}`);
  return report;
}

@ApiTags('Data')
@Controller('data')
export class ImportExportController {
  constructor(private readonly service: ImportExportService) {}

  @Post('import')
  // Above @Access: its 429 (rate limit) and this one merge, with this problem schema.
  @ApiHeavyWorkResponse('imports', 'MAX_CONCURRENT_IMPORTS')
  @Access('administrator')
  @UseInterceptors(FileInterceptor('file'), RemoveUploadInterceptor)
  @ApiImportStudents()
  async importStudents(
    @CurrentUser() caller: AuthenticatedUser,
    @UploadedFile() file: UploadedCsvFile | undefined,
    @Query() query: ImportQueryDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ImportReportDto> {
    const answer = await this.service.importStudents(caller, file, query, idempotencyKey);
    return sendImportAnswer(response, answer);
  }

  @Get('imports/:import_id')
  @Access('administrator')
  @ApiOperation({
    summary: 'Get the report of an import',
    description: `Administrators only. The stored report of an import, whatever its outcome. For a background job
(\`POST /api/data/import?async=true\`): \`queued\`, then \`running\` with its \`phase\`, \`bytes_read\`, \`rows_read\`,
\`phase_done\` and \`phase_total\` and \`updated_at\` written about once a second by the server running it, then the final
report. A job whose server has written nothing for IMPORT_JOB_STALE_SECONDS (it stopped) is shown, and stored, as
\`failed\` with the problem \`import_interrupted\`: nothing of it was imported.`,
  })
  @ApiOkResponse({ type: ImportReportDto })
  @ApiBadRequestResponse({ type: ProblemResponseDto, description: 'The id is not a UUID.' })
  @ApiNotFoundResponse({ type: ProblemResponseDto })
  async getImport(
    @Param('import_id', new ParseUUIDPipe()) importId: string,
  ): Promise<ImportReportDto> {
    return this.service.getImport(importId);
  }

  @Get('export')
  // Above @Access: its 429 (rate limit) and this one merge, with this problem schema.
  @ApiHeavyWorkResponse('exports', 'MAX_CONCURRENT_EXPORTS')
  @Access('teacher', 'administrator')
  @ApiOperation({
    summary: 'Export students as CSV, JSON or XLSX',
    description: `Teachers and administrators. The students matching the students list's filters, streamed, ordered by
student_id. **csv**: the columns the import accepts (Student_ID, First_Name, Last_Name, Age, Email, then the data
set's 20 columns with Yes/No and blanks for unknown values), so exporting and importing the file again gives the same
data; text a spreadsheet would run as a formula (starting with =, +, -, @, tab or a line break) is prefixed with \`'\`,
which the import removes; \`bom\` starts it with a UTF-8 byte-order mark for Excel (on by default when the client asks
for Excel, see the parameter). **json**: an array of student objects. **xlsx**: an Excel workbook (one worksheet,
"Students") with the CSV's columns in the same order: numbers are number cells, Yes/No and text are text cells
(text is never a formula, whatever it starts with, so it needs no \`'\`), unknown values are empty cells, and the
header row is bold and frozen; it imports back like the CSV. Sent as an attachment; audited.`,
  })
  @ApiProduces('text/csv', 'application/json', XLSX_MEDIA_TYPE)
  @ApiExtraModels(StudentResponseDto)
  @ApiOkResponse({
    description: 'The file (Content-Disposition: attachment).',
    content: {
      'text/csv': { schema: { type: 'string' } },
      'application/json': {
        schema: { type: 'array', items: { $ref: getSchemaPath(StudentResponseDto) } },
      },
      [XLSX_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiBadRequestResponse({ type: ProblemResponseDto, description: 'Invalid filters or format.' })
  async exportStudents(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: ExportQueryDto,
    @Headers() headers: IncomingHttpHeaders,
  ): Promise<StreamableFile> {
    const bom = query.bom ?? clientAsksForExcel(headers);
    const file = await this.service.exportStudents(caller, Object.assign(query, { bom }));
    return new StreamableFile(file.stream, {
      type: file.contentType,
      disposition: `attachment; filename="${file.fileName}"`,
    });
  }
}

import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { MultipartBody } from '../common/http/multipart-body';
import { ProblemResponseDto } from '../common/http/problem-response.dto';
import { ApiImportJobAccepted } from './api-import-job-accepted';
import { ImportRejectedProblemDto } from './dto/import-rejected-problem.dto';
import { ImportReportDto } from './dto/import-report.dto';

const CSV_FORMAT = `The data set's own CSV (\`seeds/StudentPerformanceFactors.csv\`: Hours_Studied, …, Gender, Exam_Score)
with optional Student_ID, First_Name, Last_Name, Age and Email columns. Headers match ignoring case, spaces and
underscores; UTF-8 with or without BOM; \`,\` or \`;\` separated; booleans Yes/No; blank cells are unknown
(allowed for Teacher_Quality, Parental_Education_Level, Distance_from_Home, Exam_Score, Age, Email). Rows are
checked with the same rules as the students API and merged by Student_ID (the school's own ids, matched whatever the
case): a known id updates that student, a new id creates one; a row without Student_ID updates the student with the
same email, or else creates a student with the next generated id (STU0001 style) and warns (\`likely_duplicate\`) when
its name and age match another student; an email repeated in the file without ids is a \`duplicate_email\` problem.
Columns the importer does not know (e.g. Grade, Homeroom) are ignored with an \`unknown_column\` warning, or refused
with \`unknown_columns=error\`; the report lists the columns used, ignored and missing. An XLSX workbook is read as the
CSV text of its first sheet. A new student without names gets
the placeholder First_Name "Student" and Last_Name = its id; an existing student keeps its names when the cells are
blank, and keeps any optional column the file does not have. A leading \`'\` that export adds before text a
spreadsheet would run as a formula is removed.`;

const IMPORT_DESCRIPTION = `Administrators only.

${CSV_FORMAT}

**mode=atomic** (default) writes all rows or none: any problem rejects the file with a 422 problem that carries the
report. **mode=partial** writes the valid rows and reports the others. **dry_run=true** checks and reports without
writing. Problems are located by spreadsheet row (the header is row 1) and column; the first 100 are listed and
\`error_count\` counts all. Structural problems (repeated or missing columns, an empty file, an unclosed
quote, a cell longer than the limit, a file that is not UTF-8 text) reject the file in either mode.

**Idempotency**: a repeated \`Idempotency-Key\` returns the first import's report (\`replayed: true\`, status 200)
without importing again; the same key with another file, \`mode\`, \`dry_run\` or \`unknown_columns\` is a 422
\`idempotency_key_reused\`. Without a key, a file with rows lacking Student_ID that was already imported is replayed
the same way, so its students are never created twice; a file whose rows all have Student_ID is simply applied again
(an upsert).

**Background jobs**: with \`async=true\`, and always for a file larger than IMPORT_ASYNC_ABOVE_BYTES (default 1 MiB,
about 12,000 rows; \`async=false\` does not change that), the answer is 202 at once with the job's report in status
\`queued\` or \`running\`, \`Location\` (the job) and \`Retry-After\` (seconds until the next look). The job runs on the
server that accepted it with the same checks and limits; follow it at \`GET /api/data/imports/{import_id}\`, which
shows its phase and progress and ends as the report this request would have given (\`completed\`, \`rejected\` or
\`failed\`). A job waits \`queued\` while every import place (MAX_CONCURRENT_IMPORTS) is taken; when
IMPORT_JOBS_MAX_QUEUED jobs already wait on the server, a new one is a 429. A repeated Idempotency-Key returns the same
job (200, \`replayed: true\`) as it is now. A job whose server stopped is shown as \`failed\` with the problem
\`import_interrupted\`, and nothing of it was imported.

Every import, refused or not, is stored and readable at \`GET /api/data/imports/{import_id}\`, and audited.`;

/** Documents `POST /api/data/import`: the CSV format, its body and header, every answer. */
export function ApiImportStudents(): MethodDecorator {
  return applyDecorators(
    ApiOperation({
      summary: 'Import students from a CSV file',
      description: IMPORT_DESCRIPTION,
    }),
    MultipartBody(),
    ApiBody({
      schema: {
        type: 'object',
        required: ['file'],
        properties: {
          file: { type: 'string', format: 'binary', description: 'The CSV file.' },
        },
      },
    }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Any unique string (1–255 visible ASCII characters, e.g. a UUID); retrying with the same key never imports twice.',
    }),
    ApiCreatedResponse({
      type: ImportReportDto,
      description: 'Imported (mode=partial: the valid rows). `Location` is the stored report.',
      headers: {
        Location: { description: 'URL of the stored report.', schema: { type: 'string' } },
      },
    }),
    ApiImportJobAccepted(),
    ApiOkResponse({
      type: ImportReportDto,
      description:
        'A dry run (nothing written), or the replayed report of an earlier import; for async=true, the job of a repeated Idempotency-Key as it is now.',
    }),
    ApiBadRequestResponse({
      type: ProblemResponseDto,
      description: 'No `file` field, a bad `mode`/`dry_run`, or a malformed Idempotency-Key.',
    }),
    ApiPayloadTooLargeResponse({
      type: ImportRejectedProblemDto,
      description:
        'The file is larger than IMPORT_MAX_BYTES or has more rows than IMPORT_MAX_ROWS.',
    }),
    ApiUnprocessableEntityResponse({
      type: ImportRejectedProblemDto,
      description:
        '`import_rejected`: the file or (mode=atomic) some rows are invalid; nothing was written; the report is in the body. `idempotency_key_reused`: the key belongs to another import. `not_xlsx`: the file is named or typed as an XLSX workbook, or is a ZIP file, but is no workbook that can be read (no workbook in it, or malformed XML in one of its parts, named in `detail`); nothing was imported or stored.',
    }),
    ApiConflictResponse({
      type: ProblemResponseDto,
      description: 'A student of the file was created by another request meanwhile; retry.',
    }),
  );
}

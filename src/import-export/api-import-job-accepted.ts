import { applyDecorators } from '@nestjs/common';
import { ApiAcceptedResponse } from '@nestjs/swagger';
import { ImportReportDto } from './dto/import-report.dto';
import { IMPORT_JOB_POLL_SECONDS } from './import-job-poll-seconds';

/** Documents the 202 of an import accepted as a background job, with an example. */
export function ApiImportJobAccepted(): MethodDecorator {
  return applyDecorators(
    ApiAcceptedResponse({
      type: ImportReportDto,
      description:
        "Accepted as a background job (async=true, or a file above IMPORT_ASYNC_ABOVE_BYTES): the job's report, `queued` or `running`. Poll `Location` after `Retry-After` seconds.",
      headers: {
        Location: { description: 'URL of the job (its report).', schema: { type: 'string' } },
        'Retry-After': {
          description: 'Seconds to wait before looking at the job.',
          schema: { type: 'integer', example: IMPORT_JOB_POLL_SECONDS },
        },
      },
      example: {
        import_id: '0b6c1f0e-3c1a-4f7e-9d55-2f1b8e0c4a11',
        status: 'queued',
        mode: 'atomic',
        dry_run: false,
        file_name: 'roster-100000.csv',
        file_size: 8388608,
        file_sha256: 'ee8de840ad78bd25f8abb3113bbe1871e7bc3c9a27ab26293262b82500a60a40',
        rows_total: 0,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        skipped: 0,
        error_count: 0,
        errors_truncated: false,
        errors: [],
        replayed: false,
        created_by: '5b0f7f0e-6a0c-4d55-9b1e-1f0c2b8f4a11',
        created_at: '2025-01-31T10:00:00.000Z',
        completed_at: null,
        started_at: null,
        updated_at: '2025-01-31T10:00:00.000Z',
        phase: null,
        bytes_read: null,
        rows_read: null,
        phase_done: null,
        phase_total: null,
        warning_count: 0,
        warnings: [],
        columns: { used: [], ignored: [], missing: [] },
      },
    }),
  );
}

/**
 * The problem codes the API answers with, by HTTP status, as the domain errors and the global
 * problem filter produce them, each with a typical detail: the source of the error examples in
 * the OpenAPI document. `hint` picks a code from a response's description when the description
 * does not name it in backticks. A test checks every code used against the real errors.
 */
export interface ProblemExampleEntry {
  status: number;
  detail: string;
  /** When it is not the status's own title. */
  title?: string;
  hint?: RegExp;
  /** Extension members or field errors the problem carries. */
  extra?: Record<string, unknown>;
}

export const PROBLEM_EXAMPLE_CATALOG: Record<string, ProblemExampleEntry> = {
  validation_failed: {
    status: 400,
    title: 'Validation Failed',
    detail: 'The request is not valid; see errors for each field.',
  },
  bad_request: { status: 400, detail: 'The request is not valid.' },
  malformed_json: { status: 400, detail: 'The body is not valid JSON.' },
  body_too_deep: { status: 400, detail: 'The JSON body is nested deeper than 32 levels.' },
  malformed_body: { status: 400, detail: 'The body is not valid UTF-8.' },
  invalid_token: {
    status: 400,
    detail: 'The token is invalid, expired or already used. Request a new one.',
    hint: /invalid, expired or used token/i,
  },
  invalid_current_password: {
    status: 400,
    detail: 'The current password is incorrect.',
    extra: { errors: [{ field: 'current_password', message: 'is incorrect' }] },
    hint: /wrong current password/i,
  },
  invalid_idempotency_key: {
    status: 400,
    detail: 'Idempotency-Key must be 1 to 255 visible ASCII characters.',
    hint: /idempotency-key/i,
  },
  import_file_missing: {
    status: 400,
    detail: 'Send the CSV file as the multipart/form-data field "file".',
    hint: /no `file` field/i,
  },
  unauthenticated: {
    status: 401,
    detail: 'A valid access token is required (Authorization: Bearer <token>).',
  },
  invalid_credentials: {
    status: 401,
    detail: 'The email or password is incorrect.',
    hint: /wrong email or password/i,
  },
  invalid_refresh_token: {
    status: 401,
    detail: 'The refresh token is invalid, expired or already used.',
    hint: /refresh token/i,
  },
  refresh_token_reused: {
    status: 401,
    detail: 'This refresh token was already used; the session has been ended. Log in again.',
    hint: /replay|reused|already used/i,
  },
  session_ended: {
    status: 401,
    detail: 'The session of this access token has ended. Log in again.',
  },
  forbidden: { status: 403, detail: 'Your role may not use this route.' },
  email_not_verified: {
    status: 403,
    detail:
      'Confirm your email address first: follow the link we sent, or ask for a new one at /api/auth/resend-verification.',
  },
  account_disabled: {
    status: 403,
    detail: 'This account is deactivated.',
    hint: /deactivated/i,
  },
  csrf_failed: {
    status: 403,
    detail:
      'Requests that use the refresh cookie need the x-csrf-token header: the csrf_token cookie set with that refresh cookie.',
  },
  academic_fields_forbidden: {
    status: 403,
    detail: 'Students may change only first_name, last_name and email; not allowed: hours_studied.',
    extra: {
      errors: [{ field: 'hours_studied', message: 'hours_studied may be changed only by staff' }],
    },
  },
  not_found: { status: 404, detail: 'No route matches GET /api/nowhere' },
  student_not_found: {
    status: 404,
    detail: 'No student STU9999 was found.',
    hint: /no such student|no profile is linked/i,
  },
  user_not_found: { status: 404, detail: 'No such user.', hint: /no such user/i },
  session_not_found: { status: 404, detail: 'No such session.', hint: /session/i },
  alert_not_found: {
    status: 404,
    detail: 'No alert 0b6f1c1e-4d2a-4f7e-9a53-2f7c9d1e8b40 was found.',
  },
  import_not_found: { status: 404, detail: 'No import 0b6f1c1e-4d2a-4f7e-9a53-2f7c9d1e8b40.' },
  intervention_not_found: {
    status: 404,
    detail: 'No intervention 0b6f1c1e-4d2a-4f7e-9a53-2f7c9d1e8b40 was found.',
  },
  mail_not_found: { status: 404, detail: 'No such mail in the outbox.', hint: /no such mail/i },
  model_not_found: { status: 404, detail: 'No model version v9 was found.' },
  notification_not_found: {
    status: 404,
    detail: 'No notification 0b6f1c1e-4d2a-4f7e-9a53-2f7c9d1e8b40 was found.',
  },
  performance_record_not_found: {
    status: 404,
    detail:
      'No performance record 0b6f1c1e-4d2a-4f7e-9a53-2f7c9d1e8b40 was found for this student.',
    hint: /\(or record\)/i,
  },
  training_job_not_found: {
    status: 404,
    detail: 'No training job 0b6f1c1e-4d2a-4f7e-9a53-2f7c9d1e8b40 was found.',
    hint: /no such job/i,
  },
  unknown_factor: { status: 404, detail: 'There is no factor "shoe_size".' },
  conflict: { status: 409, detail: 'The request conflicts with the current state.' },
  email_taken: {
    status: 409,
    detail: 'An account with this email already exists.',
    hint: /email is taken/i,
  },
  student_id_taken: { status: 409, detail: 'The student id STU0001 is already in use.' },
  last_administrator: {
    status: 409,
    detail: 'The last active administrator cannot be demoted or deactivated.',
    hint: /last administrator/i,
  },
  import_conflict: {
    status: 409,
    detail:
      'A student in the file was created by another request during the import; nothing was imported. Retry the import.',
    hint: /another request/i,
  },
  invalid_alert_transition: {
    status: 409,
    detail:
      'A resolved alert cannot become open: resolved alerts are closed, and a recurrence opens a new alert.',
  },
  mail_not_failed: {
    status: 409,
    detail: 'Only a failed mail can be retried; this one is sent.',
    hint: /not failed/i,
  },
  mail_expired: {
    status: 409,
    detail: 'The body of this mail has been erased (retention ended); it can no longer be sent.',
    hint: /erased/i,
  },
  user_not_student: {
    status: 409,
    detail: 'Only a user with the student role can be linked to a student profile.',
    hint: /not a student account/i,
  },
  student_already_linked: {
    status: 409,
    detail: 'Student STU0001 is already linked to another user; unlink it first.',
    hint: /already linked/i,
  },
  user_already_linked: {
    status: 409,
    detail: 'This user is already linked to student STU0002; unlink it first.',
    hint: /already linked/i,
  },
  precondition_failed: {
    status: 412,
    title: 'Precondition Failed',
    detail:
      'The resource has changed since you read it (If-Match does not match its ETag); read it again.',
  },
  payload_too_large: { status: 413, detail: 'The request body is larger than 1 MB.' },
  import_too_large: {
    status: 413,
    detail: 'The file has more than 50000 rows (IMPORT_MAX_ROWS).',
    hint: /IMPORT_MAX_/,
  },
  unsupported_media_type: {
    status: 415,
    detail: 'The body must be application/json in UTF-8.',
  },
  precondition_required: {
    status: 428,
    title: 'Precondition Required',
    detail: 'This change needs an If-Match header with the ETag of the resource as you read it.',
  },
  unprocessable: { status: 422, detail: 'The request cannot be processed.' },
  import_rejected: { status: 422, detail: 'The file has invalid rows; nothing was written.' },
  idempotency_key_reused: {
    status: 422,
    detail:
      'This Idempotency-Key was already used for an import of other content or options; use a new key for a new import.',
  },
  not_xlsx: {
    status: 422,
    detail:
      '"roster.xlsx" cannot be read: its worksheet "Roster" holds malformed XML (line 2, column 518: unexpected close tag). Upload an Excel workbook saved as .xlsx (Excel Workbook), or the data as CSV UTF-8; nothing was imported.',
  },
  invalid_factors: {
    status: 422,
    detail: 'The factors of STU0001 cannot be used for a prediction: attendance is missing.',
  },
  model_invalid: { status: 422, detail: 'Model v2 cannot be served: it has no trees.' },
  alert_not_for_student: {
    status: 422,
    detail: 'Alert 0b6f1c1e-4d2a-4f7e-9a53-2f7c9d1e8b40 is not an alert about student STU0001.',
  },
  rate_limited: {
    status: 429,
    detail: 'Too many requests; retry after the time given in Retry-After.',
  },
  heavy_work_limit: {
    status: 429,
    detail: 'Too many batch predictions are running (2 at most); retry after Retry-After.',
    extra: { lane: 'batch_prediction', limit: 2 },
  },
  database_unavailable: {
    status: 503,
    detail:
      'The database cannot be reached or did not answer in time, so the request could not be completed. Retry after the number of seconds in Retry-After.',
  },
  model_unavailable: { status: 503, detail: 'No prediction model is loaded yet; retry shortly.' },
  server_busy: { status: 503, detail: 'The server is busy checking passwords; retry shortly.' },
  not_ready: {
    status: 503,
    detail: 'Not ready: database is down (connect ECONNREFUSED 127.0.0.1:5432).',
    extra: {
      checks: {
        database: { status: 'down', message: 'connect ECONNREFUSED 127.0.0.1:5432' },
        model: { status: 'up' },
      },
    },
  },
  service_unavailable: { status: 503, detail: 'The service is unavailable.' },
};

/** The code a response of this status has when its description names no other. */
export const DEFAULT_PROBLEM_CODE: Record<number, string> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  412: 'precondition_failed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  428: 'precondition_required',
  429: 'rate_limited',
  503: 'database_unavailable',
};

/** 404 codes by the path segment before a path parameter (`/students/{student_id}`). */
export const NOT_FOUND_CODE_BY_SEGMENT: Record<string, string> = {
  students: 'student_not_found',
  predictions: 'student_not_found',
  users: 'user_not_found',
  teachers: 'user_not_found',
  administrators: 'user_not_found',
  sessions: 'session_not_found',
  alerts: 'alert_not_found',
  imports: 'import_not_found',
  interventions: 'intervention_not_found',
  'mail-outbox': 'mail_not_found',
  models: 'model_not_found',
  jobs: 'training_job_not_found',
  notifications: 'notification_not_found',
  'performance-records': 'performance_record_not_found',
  factors: 'unknown_factor',
};

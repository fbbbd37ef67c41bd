import type { FieldErrorDto, ProblemCode, ProblemResponseDto } from './generated/types.gen.js';

/** An RFC 9457 problem body as the API sends it, with any extension members. */
export type Problem = ProblemResponseDto & Record<string, unknown>;

/**
 * An error answer of the API (4xx or 5xx): thrown by any SDK call made with `throwOnError: true`
 * and returned as `error` otherwise. It is an `Error` with a stack, and it is also the problem
 * itself (`status`, `code`, `title`, `detail`, `instance`, `request_id`, `errors`), so the
 * per-operation error types of the SDK describe it. `problem` is the body with its extensions.
 */
export class ApiError<
  TStatus extends number = number,
  TProblem extends ProblemResponseDto = ProblemResponseDto,
> extends Error {
  override readonly name = 'ApiError';
  readonly status: TStatus;
  /** The stable machine-readable code (`student_not_found`, `validation_failed`, ...). */
  readonly code: ProblemCode | (string & {});
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly instance: string;
  /** The request id, also in the server's logs: quote it when reporting a problem. */
  readonly request_id: string;
  readonly errors?: FieldErrorDto[];
  /** The problem body as received, extension members included. */
  readonly problem: TProblem & Record<string, unknown>;

  constructor(status: TStatus, body: unknown, requestId?: string) {
    const problem = problemOf(status, body, requestId) as TProblem & Record<string, unknown>;
    super(`${status} ${problem.code}: ${problem.detail}`);
    this.status = status;
    this.problem = problem;
    this.code = problem.code;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.instance = problem.instance;
    this.request_id = problem.request_id;
    if (problem.errors) this.errors = problem.errors;
  }
}

/** The body as a problem; a body that is not one (a proxy's HTML page) is described as one. */
function problemOf(status: number, body: unknown, requestId?: string): Problem {
  const given = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const text = typeof body === 'string' ? body.slice(0, 200) : undefined;
  const str = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);
  return {
    ...given,
    type: str(given.type, 'about:blank'),
    title: str(given.title, `HTTP ${status}`),
    status,
    detail: str(given.detail, text || `The server answered ${status}.`),
    instance: str(given.instance, ''),
    code: str(given.code, `http_${status}`),
    request_id: str(given.request_id, requestId ?? ''),
  };
}

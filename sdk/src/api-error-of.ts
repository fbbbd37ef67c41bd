import { ApiError } from './api-error.js';
import type { ProblemResponseDto } from './generated/types.gen.js';

/**
 * The errors of one operation, by status: `ApiErrorOf<GetStudentErrors>` is
 * `ApiError<400, ProblemResponseDto> | ApiError<401, ...> | ApiError<404, ...> | ...`, plus the
 * 500 any operation may answer, so checking `status` narrows the problem's type.
 */
export type ApiErrorOf<TErrors> =
  | {
      [S in keyof TErrors & number]: TErrors[S] extends ProblemResponseDto
        ? ApiError<S, TErrors[S]>
        : ApiError<S>;
    }[keyof TErrors & number]
  | ApiError<500>;

/**
 * Whether a caught value is an error answer of the API, typed as the errors of the operation
 * named by the type argument: `if (isApiError<GetStudentErrors>(e) && e.status === 404)`.
 */
export function isApiError<TErrors = Record<number, ProblemResponseDto>>(
  error: unknown,
): error is ApiErrorOf<TErrors> {
  return error instanceof ApiError;
}

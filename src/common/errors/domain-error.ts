/** Field-level detail of a validation problem. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * Base of every error a service may throw. Services never throw HTTP exceptions: the global
 * problem filter maps a DomainError to RFC 9457 problem+json by its `status` and `code`.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  /** Short, human title for the problem type. */
  abstract readonly title: string;
  readonly errors?: FieldError[];
  /** Extra response headers, e.g. Retry-After. */
  readonly headers?: Record<string, string>;
  /**
   * RFC 9457 extension members added to the problem body (e.g. an import's report); they
   * never replace the standard members.
   */
  readonly extensions?: Record<string, unknown>;

  constructor(
    message: string,
    options?: {
      errors?: FieldError[];
      headers?: Record<string, string>;
      extensions?: Record<string, unknown>;
    },
  ) {
    super(message);
    this.name = new.target.name;
    this.errors = options?.errors;
    this.headers = options?.headers;
    this.extensions = options?.extensions;
  }
}

/**
 * Domain errors carry a stable code; ProblemDetailsFilter maps the code to an HTTP status. Services throw these,
 * never HttpExceptions, so the same rules serve HTTP callers, jobs and commands.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  invalid_token: 401,
  forbidden: 403,
  wrong_agency: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  action_not_available: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  unprocessable: 422,
  login_failed: 401,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * Why a field was refused, as a stable code for callers that answer in their own words (the pages); `messages` stay
 * the English words for API callers and may change.
 */
export type FieldProblemCode =
  | 'required'
  | 'too_few'
  | 'too_many'
  | 'too_large'
  | 'file_type'
  | 'taken'
  | 'stage_gap'
  | 'over_time_limit'
  | 'weekday'
  | 'year_not_seeded'
  | 'not_working_day'
  | 'not_after_due'
  | 'private_address';

export interface FieldProblem {
  field: string;
  messages: string[];
  code?: FieldProblemCode;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: {
      errors?: FieldProblem[];
      /** Members added to the problem document as they are (RFC 9457 extensions): only what the caller may see. */
      extensions?: Record<string, unknown>;
      [key: string]: unknown;
    } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

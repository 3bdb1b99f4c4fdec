/**
 * The one error type the product throws on purpose: a code from a closed set, each with its HTTP status.
 * Pure (no imports), so money and other lib code can refuse bad input the same way services do;
 * src/platform/errors.ts maps everything else (zod, PostgreSQL) onto it.
 */
/** The closed set of error codes; the HTTP status of each is decided here and nowhere else. */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthenticated: 401,
  /** The workspace's plan does not include this, or one of its limits is reached (the problem names which, and the plan that lifts it). */
  plan_limit: 402,
  forbidden: 403,
  /** The workspace requires two-factor authentication and the caller has not set it up. */
  two_factor_required: 403,
  not_found: 404,
  conflict: 409,
  invalid_state: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  /** The database is busy (conflicting transactions kept failing, or it is overloaded): retry shortly. */
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Field path (dot-joined) → messages, for showing errors next to form fields. */
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fieldErrors?: FieldErrors;
  /** Sent as Retry-After (seconds) with 429 and 503 answers. */
  readonly retryAfterSeconds?: number;
  /** More members of the problem document, and a refinement of its type (`…/problems/<code>/<typeSuffix>`). */
  readonly problem?: { typeSuffix?: string; members: Record<string, string | number | null> };

  constructor(
    code: ErrorCode,
    message: string,
    fieldErrors?: FieldErrors,
    opts: { retryAfterSeconds?: number; cause?: unknown; problem?: AppError["problem"] } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = fieldErrors;
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.problem = opts.problem;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  static notFound(what: string): AppError {
    return new AppError("not_found", `${what} not found`);
  }
}

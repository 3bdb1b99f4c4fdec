import type { ZodError } from "zod";

/** The closed set of error codes; the HTTP status of each is decided here and nowhere else. */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthenticated: 401,
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
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Field path (dot-joined) → messages, for showing errors next to form fields. */
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fieldErrors?: FieldErrors;

  constructor(code: ErrorCode, message: string, fieldErrors?: FieldErrors) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = fieldErrors;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  static notFound(what: string): AppError {
    return new AppError("not_found", `${what} not found`);
  }
}

export function fieldErrorsFromZod(error: ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join(".") : "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

export function validationError(error: ZodError): AppError {
  return new AppError("validation_failed", "Some fields are not valid", fieldErrorsFromZod(error));
}

/** An RFC 9457 problem document for an error; anything unexpected becomes a bare 500 without details. */
export function toProblem(err: unknown): { status: number; body: Record<string, unknown> } {
  if (err instanceof AppError) {
    return {
      status: err.status,
      body: {
        type: `https://workledger.dev/problems/${err.code}`,
        title: err.message,
        status: err.status,
        code: err.code,
        ...(err.fieldErrors ? { errors: err.fieldErrors } : {}),
      },
    };
  }
  return {
    status: 500,
    body: { type: "about:blank", title: "Internal server error", status: 500, code: "internal" },
  };
}

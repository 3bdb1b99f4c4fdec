import type { ZodError } from "zod";
import { AppError, type FieldErrors } from "@/lib/app-error";
import { CONSTRAINT_MEANINGS } from "./db/constraints";

export { AppError, ERROR_STATUS, type ErrorCode, type FieldErrors } from "@/lib/app-error";

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

/** What PostgreSQL said: its SQLSTATE and, where it names them, the constraint and column. */
export interface DatabaseError {
  sqlState: string;
  constraint?: string;
  column?: string;
  detail?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * The PostgreSQL error inside `err`, if there is one: postgres.js throws a PostgresError with the
 * SQLSTATE as `code`, and Drizzle wraps it in a DrizzleQueryError whose `cause` it is.
 */
export function databaseErrorOf(err: unknown): DatabaseError | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const e = current as Error & { code?: unknown; constraint_name?: unknown; column_name?: unknown; detail?: unknown };
    if (e.name === "PostgresError" && typeof e.code === "string" && SQLSTATE.test(e.code)) {
      return {
        sqlState: e.code,
        constraint: typeof e.constraint_name === "string" ? e.constraint_name : undefined,
        column: typeof e.column_name === "string" ? e.column_name : undefined,
        detail: typeof e.detail === "string" ? e.detail : undefined,
      };
    }
    current = e.cause;
  }
  return undefined;
}

/** Serialization failures and deadlocks: the transaction lost a race and may simply be run again. */
export function isRetryableTransactionError(err: unknown): boolean {
  const state = databaseErrorOf(err)?.sqlState;
  return state === "40001" || state === "40P01";
}

const BUSY_RETRY_AFTER_SECONDS = 1;

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function withField(field: string | undefined, message: string): FieldErrors | undefined {
  return field ? { [field]: [message] } : undefined;
}

/**
 * The one mapping from PostgreSQL's error classes to the app's errors, so that no input can turn
 * into a 500: data exceptions (22xxx: a value the column cannot hold) are 422; a unique violation is
 * 409 naming the field; a foreign key is 409; a check or not-null constraint is 422; a serialization
 * failure or deadlock that outlived its retries, and an overloaded or restarting server, are 503 with
 * Retry-After. Anything else (a syntax error, a permission or RLS violation) is a bug and stays a 500.
 */
function fromDatabase(db: DatabaseError, cause: unknown): AppError | undefined {
  const { sqlState, constraint } = db;
  const meaning = constraint ? CONSTRAINT_MEANINGS[constraint] : undefined;
  if (sqlState.startsWith("22")) {
    const field = db.column ? camel(db.column) : undefined;
    return new AppError(
      "validation_failed",
      "A value is out of range or cannot be stored",
      withField(field, "This value is out of range or cannot be stored"),
      { cause },
    );
  }
  switch (sqlState) {
    case "23505":
      return new AppError(
        "conflict",
        meaning?.message ?? "This conflicts with an existing record",
        withField(meaning?.field, meaning?.fieldMessage ?? meaning?.message ?? "Already taken"),
        { cause },
      );
    case "23503": {
      // PostgreSQL reports a delete or update of a row that others still point at as "still referenced".
      const stillReferenced = /still referenced/i.test(db.detail ?? "");
      const message =
        (stillReferenced ? meaning?.stillReferenced : meaning?.message) ??
        (stillReferenced ? "This is still used by other records" : "This refers to a record that does not exist");
      return new AppError("conflict", message, stillReferenced ? undefined : withField(meaning?.field, message), { cause });
    }
    case "23514":
    case "23502":
    case "23P01": {
      const message = meaning?.message ?? "A value breaks a rule of this record";
      const field = meaning?.field ?? (db.column ? camel(db.column) : undefined);
      return new AppError("validation_failed", message, withField(field, message), { cause });
    }
    case "40001":
    case "40P01":
      return new AppError("unavailable", "Too many changes at once conflicted with this one; try again", undefined, {
        retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS,
        cause,
      });
    case "55P03": // lock not available
    case "57014": // statement timeout
    case "57P01": // the server is shutting down
    case "57P03": // the server is starting up
      return new AppError("unavailable", "The database is busy; try again shortly", undefined, {
        retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS,
        cause,
      });
  }
  if (sqlState.startsWith("53") || sqlState.startsWith("08")) {
    return new AppError("unavailable", "The database is busy; try again shortly", undefined, {
      retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS,
      cause,
    });
  }
  return undefined;
}

/**
 * The app error an error stands for: itself, or what a PostgreSQL error means (see fromDatabase);
 * undefined for anything unexpected (a bug: the caller lets it become a 500). The API's problem
 * documents, the server actions' form states and the pages all go through here.
 */
export function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  const db = databaseErrorOf(err);
  if (!db) return undefined;
  const mapped = fromDatabase(db, err);
  // A data exception or a check reaching the database means a service let a value through, and a 503
  // means overload: say which for the operator, without any value. (Unique and foreign keys are the
  // database deciding races, as designed.)
  if (mapped && db.sqlState !== "23505" && db.sqlState !== "23503")
    console.warn(`[workledger] PostgreSQL ${db.sqlState}${db.constraint ? ` (${db.constraint})` : ""} answered as ${mapped.status}`);
  return mapped;
}

/** An RFC 9457 problem document for an error; anything unexpected becomes a bare 500 without details. */
export function toProblem(err: unknown): { status: number; body: Record<string, unknown>; headers: Record<string, string> } {
  const appError = toAppError(err);
  if (appError) {
    return {
      status: appError.status,
      body: {
        type: `https://workledger.dev/problems/${appError.code}${appError.problem?.typeSuffix ? `/${appError.problem.typeSuffix}` : ""}`,
        title: appError.message,
        status: appError.status,
        code: appError.code,
        ...appError.problem?.members,
        ...(appError.fieldErrors ? { errors: appError.fieldErrors } : {}),
      },
      headers: appError.retryAfterSeconds !== undefined ? { "Retry-After": String(appError.retryAfterSeconds) } : {},
    };
  }
  return {
    status: 500,
    body: { type: "about:blank", title: "Internal server error", status: 500, code: "internal" },
    headers: {},
  };
}

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import postgres from "postgres";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { z } from "zod";
import {
  AppError,
  databaseErrorOf,
  ERROR_STATUS,
  isRetryableTransactionError,
  toAppError,
  toProblem,
  validationError,
} from "@/platform/errors";

describe("errors", () => {
  it("maps every code to a 4xx status, except a busy database (503, to be retried)", () => {
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      if (code === "unavailable") {
        expect(status).toBe(503);
        continue;
      }
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(500);
    }
  });

  it("renders a problem document with field errors", () => {
    const parsed = z.object({ name: z.string().min(1, "Name is required"), n: z.number() }).safeParse({ name: "" });
    expect(parsed.success).toBe(false);
    const problem = toProblem(validationError(parsed.error!));
    expect(problem.status).toBe(422);
    expect(problem.body).toMatchObject({ status: 422, code: "validation_failed", errors: { name: ["Name is required"] } });
    expect(Object.keys(problem.body.errors as object)).toEqual(["name", "n"]);
  });

  it("hides the details of unexpected errors", () => {
    const problem = toProblem(new Error("connection string postgres://secret@host"));
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem.body)).not.toContain("secret");
  });

  it("not found is a 404", () => {
    expect(AppError.notFound("Client").status).toBe(404);
  });
});

/** A PostgreSQL error as postgres.js throws it, optionally wrapped as Drizzle wraps it. */
const PgError = postgres.PostgresError as unknown as new (fields: Record<string, string>) => Error;
function pgError(code: string, fields: Record<string, string> = {}, wrapped = true): Error {
  const err = new PgError({ message: `pg ${code}`, code, severity: "ERROR", ...fields });
  return wrapped ? new DrizzleQueryError("insert into x values ($1)", ["secret value"], err) : err;
}

describe("the one mapping of PostgreSQL errors", () => {
  it("finds the SQLSTATE through Drizzle's wrapper, and nothing in other errors", () => {
    expect(databaseErrorOf(pgError("23505", { constraint_name: "tax_rates_active_name_key" }))).toMatchObject({
      sqlState: "23505",
      constraint: "tax_rates_active_name_key",
    });
    expect(databaseErrorOf(pgError("22021", {}, false))?.sqlState).toBe("22021");
    expect(databaseErrorOf(new Error("ECONNRESET"))).toBeUndefined();
    expect(databaseErrorOf(Object.assign(new Error("x"), { code: "ENOENT" }))).toBeUndefined();
  });

  it("data exceptions (every 22xxx) are 422 and never echo the value", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-Z]{3}$/), (rest) => {
        const problem = toProblem(pgError(`22${rest.slice(0, 3)}`));
        expect(problem.status).toBe(422);
        expect(problem.body.code).toBe("validation_failed");
        expect(JSON.stringify(problem.body)).not.toContain("secret value");
      }),
    );
  });

  it("a unique violation is 409 naming the field of a known constraint, and a plain 409 otherwise", () => {
    const known = toProblem(pgError("23505", { constraint_name: "tax_rates_active_name_key" }));
    expect(known).toMatchObject({
      status: 409,
      body: { code: "conflict", errors: { name: ["This name is already used by an active rate"] } },
    });
    const unknown = toProblem(pgError("23505", { constraint_name: "something_else_key" }));
    expect(unknown.status).toBe(409);
    expect(unknown.body.errors).toBeUndefined();
  });

  it("a foreign key is 409: 'still used' for a delete, 'does not exist' for an insert", () => {
    const still = toAppError(
      pgError("23503", {
        constraint_name: "invoices_client_fk",
        detail: 'Key (workspace_id, id)=(a, b) is still referenced from table "invoices".',
      }),
    )!;
    expect(still).toMatchObject({ code: "conflict", message: "This client has invoices, which must be kept; archive the client instead" });
    const missing = toAppError(
      pgError("23503", {
        constraint_name: "invoices_client_fk",
        detail: 'Key (workspace_id, client_id)=(a, b) is not present in table "clients".',
      }),
    )!;
    expect(missing.fieldErrors).toEqual({ clientId: ["The client does not exist (any more) in this workspace"] });
  });

  it("check and not-null violations are 422 on the field", () => {
    expect(toAppError(pgError("23514", { constraint_name: "invoices_due_after_issue" }))).toMatchObject({
      code: "validation_failed",
      fieldErrors: { dueDate: ["The due date cannot be before the issue date"] },
    });
    expect(toAppError(pgError("23502", { column_name: "due_date" }))?.fieldErrors).toHaveProperty("dueDate");
  });

  it("serialization failures, deadlocks and an overloaded server are 503 with Retry-After", () => {
    for (const code of ["40001", "40P01", "55P03", "57014", "53300", "08006", "57P03"]) {
      const problem = toProblem(pgError(code));
      expect(problem.status, code).toBe(503);
      expect(problem.headers["Retry-After"], code).toBe("1");
    }
    expect(isRetryableTransactionError(pgError("40001"))).toBe(true);
    expect(isRetryableTransactionError(pgError("40P01"))).toBe(true);
    expect(isRetryableTransactionError(pgError("23505"))).toBe(false);
  });

  it("a bug stays a bug: syntax errors, permission and RLS violations are a bare 500", () => {
    for (const code of ["42601", "42501", "42P01", "XX000"]) {
      const problem = toProblem(pgError(code));
      expect(problem.status, code).toBe(500);
      expect(problem.body).toEqual({ type: "about:blank", title: "Internal server error", status: 500, code: "internal" });
    }
  });
});

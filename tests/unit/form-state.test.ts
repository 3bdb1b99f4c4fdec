import { describe, expect, it } from "vitest";
import postgres from "postgres";
import { formStateFromError } from "@/components/forms/form-state";
import { AppError } from "@/platform/errors";

/** Server actions answer through the same mapping as the API: a database refusal is a form message, not a crash. */
const PgError = postgres.PostgresError as unknown as new (fields: Record<string, string>) => Error;

describe("formStateFromError", () => {
  it("turns a unique violation into the field's message and keeps the typed values", () => {
    const state = formStateFromError(new PgError({ message: "dup", code: "23505", constraint_name: "tax_rates_active_name_key" }), {
      name: "VAT",
    });
    expect(state).toEqual({
      message: "An active tax rate with this name already exists",
      fieldErrors: { name: ["This name is already used by an active rate"] },
      values: { name: "VAT" },
    });
  });

  it("turns a data exception and a busy database into readable messages", () => {
    expect(formStateFromError(new PgError({ message: "bad", code: "22021" })).message).toBe("A value is out of range or cannot be stored");
    expect(formStateFromError(new PgError({ message: "deadlock", code: "40P01" })).message).toMatch(/try again/);
  });

  it("passes app errors through and rethrows bugs", () => {
    expect(formStateFromError(new AppError("conflict", "Nope")).message).toBe("Nope");
    const bug = new PgError({ message: "syntax", code: "42601" });
    expect(() => formStateFromError(bug)).toThrow(bug);
    expect(() => formStateFromError(new TypeError("x"))).toThrow(TypeError);
  });
});

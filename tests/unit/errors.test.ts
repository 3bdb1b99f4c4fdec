import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, ERROR_STATUS, toProblem, validationError } from "@/server/errors";

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

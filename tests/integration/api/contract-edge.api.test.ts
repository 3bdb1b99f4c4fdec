import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerSql } from "../../support/auth-client";
import { workspaceFixture, workspaceSnapshot, type WorkspaceFixture } from "../../support/fixtures";
import { api, apiApp, apiOperations, expectJson, expectProblem, fillPath, keyFor, type ApiOperation } from "../../support/api";

/**
 * The edge of every documented operation: credentials (401), body shape and size (400/413/415),
 * path parameters (400), and never a 500. The operations come from the OpenAPI document, so a route
 * added later is covered without editing this file.
 */
const owner = ownerSql();
afterAll(() => owner.end());

let ops: ApiOperation[];
let fx: WorkspaceFixture;
let token: string;

beforeAll(async () => {
  ops = await apiOperations();
  fx = await workspaceFixture(owner, "owner", "edge");
  token = await keyFor(fx.actor, "owner");
});

/** A path with a real id of the fixture for each parameter kind (so nothing fails for a missing resource first). */
function pathOf(op: ApiOperation): string {
  return fillPath(op.path, { id: fx.draftInvoiceId, user_id: fx.memberUserId });
}

const bodyOps = () => ops.filter((op) => op.hasBody);

describe("API edge: credentials", () => {
  it("the document lists the operations, each with an operationId", () => {
    expect(ops.length).toBeGreaterThanOrEqual(33);
    for (const op of ops) expect(op.operationId).toMatch(/^[a-zA-Z]+$/);
  });

  it("answers 401 problem+json to every operation without credentials", async () => {
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    for (const op of ops) {
      const res = await api(op.method, pathOf(op), op.hasBody ? { body: {} } : {});
      expectProblem(res, 401, "unauthenticated");
    }
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });

  it("answers 401 to an unknown key, a malformed Authorization header and a garbage session cookie, on every operation", async () => {
    const bad: Record<string, string>[] = [
      { authorization: "Bearer wl_live_thisKeyDoesNotExist0000000000000000000000000" },
      { authorization: "Bearer not-a-workledger-key" },
      { authorization: "Basic dXNlcjpwYXNz" },
      { authorization: "Bearer" },
      { cookie: "better-auth.session_token=forged.value" },
    ];
    for (const op of ops) {
      for (const headers of bad) {
        const res = await api(op.method, pathOf(op), { headers, ...(op.hasBody ? { body: {} } : {}) });
        expectProblem(res, 401, "unauthenticated");
      }
    }
  });

  it("answers 401 to every operation with a revoked key (immediately, in the same process)", async () => {
    const revoked = await keyFor(fx.actor, "admin");
    expectJson(await api("GET", "/api/v1/clients", { token: revoked }), 200);
    const [row] = await owner<
      { id: string }[]
    >`select id from api_keys where key_hash = ${createHash("sha256").update(revoked).digest("hex")}`;
    expect((await api("DELETE", `/api/v1/api-keys/${row!.id}`, { token })).status).toBe(204);
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    for (const op of ops) {
      const res = await api(op.method, pathOf(op), { token: revoked, ...(op.hasBody ? { body: {} } : {}) });
      expectProblem(res, 401, "unauthenticated");
    }
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });

  it("serves the OpenAPI document without credentials", async () => {
    const doc = expectJson(await api<{ openapi: string; paths: Record<string, unknown> }>("GET", "/api/v1/openapi.json"), 200);
    expect(doc.openapi).toBe("3.1.0");
  });

  it("answers an unknown route with a 404 problem (after authentication)", async () => {
    expectProblem(await api("GET", "/api/v1/nope", { token }), 404, "not_found");
    expectProblem(await api("PUT", "/api/v1/clients", { token, body: {} }), 404, "not_found");
    expectProblem(await api("GET", "/api/v1/nope"), 401, "unauthenticated");
  });
});

describe("API edge: request bodies", () => {
  it("answers 400 to malformed JSON on every operation with a body, and changes nothing", async () => {
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    for (const op of bodyOps()) {
      for (const raw of ["{bad", '{"name": "x",}', "", "[1, 2"]) {
        const res = await api(op.method, pathOf(op), { token, rawBody: raw, headers: { "content-type": "application/json" } });
        expectProblem(res, 400, "bad_request");
      }
    }
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });

  it("answers 400 to JSON that is not an object (array, null, string, number)", async () => {
    for (const op of bodyOps()) {
      for (const raw of ["[]", "null", '"text"', "42"]) {
        const res = await api(op.method, pathOf(op), { token, rawBody: raw, headers: { "content-type": "application/json" } });
        expectProblem(res, 400, "bad_request");
      }
    }
  });

  it("answers 415 to a text/plain, form or missing content type on every operation with a body", async () => {
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    for (const op of bodyOps()) {
      for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml"]) {
        const res = await api(op.method, pathOf(op), { token, rawBody: '{"name":"x"}', headers: { "content-type": type } });
        expect(`${op.operationId}: ${res.status} ${(res.body as { code?: string }).code}`).toBe(
          `${op.operationId}: 415 unsupported_media_type`,
        );
        expectProblem(res, 415, "unsupported_media_type");
      }
      const untyped = await api(op.method, pathOf(op), { token, rawBody: '{"name":"x"}' });
      expectProblem(untyped, 415, "unsupported_media_type");
    }
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });

  it("answers 413 to a body over 1 MB on every operation with a body (by Content-Length, and when streamed)", async () => {
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    const big = JSON.stringify({ name: "x".repeat(1024 * 1024), currency: "EUR" });
    for (const op of bodyOps()) {
      expectProblem(
        await api(op.method, pathOf(op), { token, rawBody: big, headers: { "content-type": "application/json" } }),
        413,
        "payload_too_large",
      );
      // Without credentials too: the size is refused before anything else is done.
      expectProblem(
        await api(op.method, pathOf(op), { rawBody: big, headers: { "content-type": "application/json" } }),
        413,
        "payload_too_large",
      );
    }
    // Chunked (no Content-Length): the guard reads and measures the body itself.
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    const init: RequestInit & { duplex: "half" } = {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "transfer-encoding": "chunked" },
      body: stream,
      duplex: "half",
    };
    const res = await apiApp.fetch(new Request("http://localhost:3000/api/v1/clients", init));
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });

  it("accepts a body of just under 1 MB as far as size goes (then the schema answers 400, not 413)", async () => {
    const body = JSON.stringify({ name: "x".repeat(1024 * 1024 - 100), currency: "EUR" });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(1024 * 1024);
    const res = await api("POST", "/api/v1/clients", { token, rawBody: body, headers: { "content-type": "application/json" } });
    expectProblem(res, 400, "bad_request");
  });

  it("accepts application/json with a charset and +json media types", async () => {
    const body = JSON.stringify({ name: "Charset Client", currency: "EUR" });
    expect(
      (await api("POST", "/api/v1/clients", { token, rawBody: body, headers: { "content-type": "application/json; charset=utf-8" } }))
        .status,
    ).toBe(201);
    expect(
      (await api("POST", "/api/v1/clients", { token, rawBody: body, headers: { "content-type": "application/merge-patch+json" } })).status,
    ).toBe(201);
  });
});

describe("API edge: path parameters", () => {
  it("answers 400 with a field error to a non-UUID {id}, and 404 to an unknown {user_id}", async () => {
    for (const op of ops.filter((o) => o.pathParams.length > 0)) {
      const res = await api(op.method, fillPath(op.path, "not-a-uuid"), { token, ...(op.hasBody ? { body: {} } : {}) });
      if (op.pathParams.includes("id")) {
        const problem = expectProblem(res, 400, "bad_request");
        expect(problem.errors?.id).toEqual(["Invalid UUID"]);
      } else {
        expect(res.status).toBeLessThan(500);
        expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      }
    }
  });

  it("answers 404 problem+json to a well-formed id that exists nowhere, on every operation with an id", async () => {
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    const bodies: Record<string, unknown> = {
      updateClient: { name: "Nobody" },
      updateTaxRate: { name: "Nobody" },
      updateInvoice: { notes: "Nobody" },
      recordPayment: { amount: "1.00", paid_on: "2026-01-15", method: "cash" },
      changeMemberRole: { role: "admin" },
      updateReminderRule: { subject: "Nobody" },
      updateInvoiceReminders: { paused: true },
    };
    for (const op of ops.filter((o) => o.pathParams.length > 0)) {
      const body = bodies[op.operationId];
      const res = await api(op.method, fillPath(op.path, randomUUID()), { token, ...(body !== undefined ? { body } : {}) });
      expectProblem(res, 404, "not_found");
    }
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });
});

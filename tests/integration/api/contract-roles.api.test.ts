import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerSql } from "../../support/auth-client";
import { workspaceFixture, workspaceSnapshot, type WorkspaceFixture } from "../../support/fixtures";
import { api, expectJson, expectProblem, keyFor, type ListBody } from "../../support/api";

/**
 * Roles at the API edge: a key acting as `member` gets 403 (problem+json, nothing changed) on every
 * admin-only operation, and a key acting as `admin` gets 403 on the owner-only rename. The permission
 * table itself is tested in tests/integration/permission-matrix.test.ts; this proves the routes ask it.
 */
const owner = ownerSql();
afterAll(() => owner.end());

let fx: WorkspaceFixture;
let memberKey: string;
let adminKey: string;

beforeAll(async () => {
  fx = await workspaceFixture(owner, "owner", "roles");
  memberKey = await keyFor(fx.actor, "member");
  adminKey = await keyFor(fx.actor, "admin");
});

interface Case {
  name: string;
  method: string;
  path: (fx: WorkspaceFixture, apiKeyId: string) => string;
  body?: unknown;
}

const ADMIN_ONLY: Case[] = [
  { name: "send an invoice", method: "POST", path: (f) => `/api/v1/invoices/${f.draftInvoiceId}/send` },
  { name: "void an invoice", method: "POST", path: (f) => `/api/v1/invoices/${f.draftInvoiceId}/void` },
  {
    name: "record a payment",
    method: "POST",
    path: (f) => `/api/v1/invoices/${f.sentInvoiceId}/payments`,
    body: { amount: "5.00", paid_on: "2026-01-15", method: "cash" },
  },
  { name: "delete a payment", method: "DELETE", path: (f) => `/api/v1/payments/${f.paymentId}` },
  { name: "create a tax rate", method: "POST", path: () => "/api/v1/tax-rates", body: { name: "Member Rate", rate: "5" } },
  { name: "update a tax rate", method: "PATCH", path: (f) => `/api/v1/tax-rates/${f.taxRateId}`, body: { rate: "21" } },
  { name: "archive a tax rate", method: "PATCH", path: (f) => `/api/v1/tax-rates/${f.taxRateId}`, body: { archived: true } },
  { name: "delete a tax rate", method: "DELETE", path: (f) => `/api/v1/tax-rates/${f.taxRateId}` },
  { name: "delete a client", method: "DELETE", path: (f) => `/api/v1/clients/${f.spareClientId}` },
  { name: "change a member's role", method: "PATCH", path: (f) => `/api/v1/members/${f.memberUserId}`, body: { role: "admin" } },
  { name: "remove a member", method: "DELETE", path: (f) => `/api/v1/members/${f.memberUserId}` },
  { name: "list invitations", method: "GET", path: () => "/api/v1/invitations" },
  { name: "invite", method: "POST", path: () => "/api/v1/invitations", body: { email: "member-invites@roles.test", role: "member" } },
  { name: "revoke an invitation", method: "DELETE", path: (f) => `/api/v1/invitations/${f.invitationId}` },
  { name: "read the audit log", method: "GET", path: () => "/api/v1/audit-events" },
  { name: "list API keys", method: "GET", path: () => "/api/v1/api-keys" },
  { name: "create an API key", method: "POST", path: () => "/api/v1/api-keys", body: { name: "Member Key", role: "member" } },
  { name: "revoke an API key", method: "DELETE", path: (_f, id) => `/api/v1/api-keys/${id}` },
  { name: "change invoicing settings", method: "PATCH", path: () => "/api/v1/workspace", body: { payment_terms_days: 7 } },
  { name: "rename the workspace", method: "PATCH", path: () => "/api/v1/workspace", body: { name: "Member Rename" } },
];

async function apiKeyRows() {
  return owner`select id, name, role, revoked_at from api_keys where organization_id = ${fx.workspaceId} order by id`;
}

describe("roles at the API", () => {
  it(`a member-role key gets 403 on each of the ${ADMIN_ONLY.length} admin-only operations, and nothing changes`, async () => {
    const [adminKeyRow] = await owner<
      { id: string }[]
    >`select id from api_keys where organization_id = ${fx.workspaceId} and role = 'admin'`;
    const before = { snapshot: await workspaceSnapshot(owner, fx.workspaceId), keys: await apiKeyRows() };
    let forbidden = 0;
    for (const c of ADMIN_ONLY) {
      const res = await api(c.method, c.path(fx, adminKeyRow!.id), { token: memberKey, ...(c.body !== undefined ? { body: c.body } : {}) });
      expect(res.status, c.name).toBe(403);
      expectProblem(res, 403, "forbidden");
      forbidden += 1;
    }
    expect(forbidden).toBe(20);
    expect({ snapshot: await workspaceSnapshot(owner, fx.workspaceId), keys: await apiKeyRows() }).toEqual(before);
  });

  it("a member-role key may still read and do member work (so the 403s above are about the role)", async () => {
    expect(expectJson(await api<ListBody<unknown>>("GET", "/api/v1/clients", { token: memberKey }), 200).data).toHaveLength(2);
    expect(expectJson(await api<ListBody<unknown>>("GET", "/api/v1/members", { token: memberKey }), 200).data).toHaveLength(4);
    expect(
      expectJson(await api<ListBody<unknown>>("GET", `/api/v1/invoices/${fx.sentInvoiceId}/payments`, { token: memberKey }), 200).data,
    ).toHaveLength(1);
    expect(expectJson(await api<{ your_role: string }>("GET", "/api/v1/workspace", { token: memberKey }), 200).your_role).toBe("member");
    expect((await api("POST", "/api/v1/clients", { token: memberKey, body: { name: "Member Client", currency: "EUR" } })).status).toBe(201);
  });

  it("an admin-role key gets 403 on renaming (owners only) and nothing else in that request is applied", async () => {
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    expectProblem(await api("PATCH", "/api/v1/workspace", { token: adminKey, body: { name: "Admin Rename" } }), 403, "forbidden");
    expectProblem(
      await api("PATCH", "/api/v1/workspace", { token: adminKey, body: { name: "Admin Rename", payment_terms_days: 3 } }),
      403,
      "forbidden",
    );
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
    // The settings part alone is allowed for an admin.
    const ok = expectJson(
      await api<{ payment_terms_days: number }>("PATCH", "/api/v1/workspace", { token: adminKey, body: { payment_terms_days: 3 } }),
      200,
    );
    expect(ok.payment_terms_days).toBe(3);
  });

  it("an admin-role key cannot change or remove another admin or an owner (403), only members", async () => {
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    expectProblem(await api("PATCH", `/api/v1/members/${fx.adminUserId}`, { token: adminKey, body: { role: "member" } }), 403, "forbidden");
    expectProblem(await api("DELETE", `/api/v1/members/${fx.owner.userId}`, { token: adminKey }), 403, "forbidden");
    expectProblem(await api("PATCH", `/api/v1/members/${fx.memberUserId}`, { token: adminKey, body: { role: "owner" } }), 403, "forbidden");
    expectProblem(
      await api("POST", "/api/v1/invitations", { token: adminKey, body: { email: "owner-invite@roles.test", role: "owner" } }),
      403,
      "forbidden",
    );
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });
});

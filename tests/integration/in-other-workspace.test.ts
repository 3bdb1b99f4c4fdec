import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUserId } from "@/lib/ids";
import { findInOtherWorkspace } from "@/modules/workspaces/workspaces.service";
import { getInvoice } from "@/modules/invoices/invoices.service";
import { getClient } from "@/modules/clients/clients.service";
import { ownerSql } from "../support/auth-client";
import { workspaceFixture, type WorkspaceFixture } from "../support/fixtures";

/*
 * A link to a record of another of your own workspaces offers to switch; for anyone else it is the
 * same "not found" as an id that exists nowhere. The lookup reads as the user in each of their other
 * workspaces, so it can only find what they could open after switching.
 */

const owner = ownerSql();
afterAll(() => owner.end());

let a: WorkspaceFixture;
let b: WorkspaceFixture;
let c: WorkspaceFixture;
/** A's actor, also a member of B (not of C). */
let both: string;
/** A's member, in A only. */
let onlyA: string;

beforeAll(async () => {
  a = await workspaceFixture(owner, "admin", "elsewhere-a");
  b = await workspaceFixture(owner, "owner", "elsewhere-b");
  c = await workspaceFixture(owner, "owner", "elsewhere-c");
  both = a.actor.userId;
  onlyA = a.memberUserId;
  await owner`insert into members (id, organization_id, user_id, role) values (${randomUUID()}, ${b.workspaceId}, ${both}, 'member')`;
});

describe("a link to another of your workspaces", () => {
  it("names the workspace that holds the invoice or client, for a member of it", async () => {
    for (const id of [b.draftInvoiceId, b.sentInvoiceId]) {
      const found = await findInOtherWorkspace(asUserId(both), a.workspaceId, (ctx) => getInvoice(ctx, id));
      expect(found?.workspaceId).toBe(b.workspaceId);
      expect(found?.name).toBe(b.name);
    }
    const client = await findInOtherWorkspace(asUserId(both), a.workspaceId, (ctx) => getClient(ctx, b.clientId));
    expect(client?.workspaceId).toBe(b.workspaceId);
  });

  it("finds nothing for someone who is not a member, nor in a workspace the user is not in, nor for unknown ids", async () => {
    const ids = [b.draftInvoiceId, b.sentInvoiceId, c.draftInvoiceId, c.sentInvoiceId, randomUUID(), randomUUID(), "not-a-uuid", ""];
    for (const id of ids) {
      expect(await findInOtherWorkspace(asUserId(onlyA), a.workspaceId, (ctx) => getInvoice(ctx, id)), `only A: ${id}`).toBeUndefined();
      if (id !== b.draftInvoiceId && id !== b.sentInvoiceId) {
        expect(await findInOtherWorkspace(asUserId(both), a.workspaceId, (ctx) => getInvoice(ctx, id)), `both: ${id}`).toBeUndefined();
      }
    }
    for (const id of [c.clientId, c.spareClientId, randomUUID()]) {
      expect(await findInOtherWorkspace(asUserId(both), a.workspaceId, (ctx) => getClient(ctx, id))).toBeUndefined();
    }
  });

  it("never names the active workspace, and stops finding once the membership is gone", async () => {
    expect(await findInOtherWorkspace(asUserId(both), b.workspaceId, (ctx) => getInvoice(ctx, b.draftInvoiceId))).toBeUndefined();
    await owner`delete from members where organization_id = ${b.workspaceId} and user_id = ${both}`;
    expect(await findInOtherWorkspace(asUserId(both), a.workspaceId, (ctx) => getInvoice(ctx, b.draftInvoiceId))).toBeUndefined();
  });
});

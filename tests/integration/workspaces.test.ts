import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "@/platform/errors";
import {
  createWorkspace,
  listMyWorkspaces,
  renameWorkspace,
  resolveTenant,
  switchWorkspace,
  updateWorkspace,
} from "@/modules/workspaces/workspaces.service";
import { createClient, listClients } from "@/modules/clients/clients.service";
import { ownerSql } from "../support/auth-client";
import { newTenant } from "../support/tenants";
import { appErrorOf } from "../support/outcome";

const owner = ownerSql();
afterAll(() => owner.end());

describe("workspaces", () => {
  it("creates a second workspace with the caller as owner, makes it active, and keeps the data apart", async () => {
    const t = await newTenant("First Space");
    const user = { userId: t.userId, sessionId: t.signedUp.sessionId };
    await createClient(t, { name: "Only In First", currency: "EUR" });
    const second = await createWorkspace(user, { name: "Second Space" });
    expect(second).toMatchObject({ name: "Second Space", role: "owner" });
    expect(second.slug).toMatch(/^second-space/);
    const [s] = await owner<{ active: string }[]>`select active_organization_id as active from sessions where id = ${user.sessionId}`;
    expect(s!.active).toBe(second.workspaceId);
    const mine = await listMyWorkspaces(t.userId);
    expect(mine.map((w) => w.name)).toEqual(["First Space", "Second Space"]);
    const ctx2 = await resolveTenant(t.userId, second.workspaceId);
    expect((await listClients(ctx2, {})).items).toHaveLength(0);
    await switchWorkspace(user, t.workspaceId);
    expect((await listClients(await resolveTenant(t.userId, t.workspaceId), {})).items).toHaveLength(1);
  });

  it("suffixes a taken slug (two people's workspaces may share a name)", async () => {
    const t = await newTenant("Dup Base");
    const other = await newTenant("Dup Base Other");
    const one = await createWorkspace({ userId: t.userId, sessionId: t.signedUp.sessionId }, { name: "Twin Studio" });
    const two = await createWorkspace({ userId: other.userId, sessionId: other.signedUp.sessionId }, { name: "Twin Studio" });
    expect(one.slug).toBe("twin-studio");
    expect(two.slug).toMatch(/^twin-studio-[0-9a-f]{6}$/);
  });

  it("refuses a name another of the user's workspaces has (ignoring case and spaces), on create and rename, next to the field", async () => {
    const t = await newTenant("Acme Studio");
    const user = { userId: t.userId, sessionId: t.signedUp.sessionId };
    // "Works" has an "s": a regex written as '\s+' in a template string once turned every "s" into a space.
    const works = await createWorkspace(user, { name: "Alpha Works" });
    expect(await appErrorOf(createWorkspace(user, { name: "  ALPHA   works " }))).toMatchObject({ code: "conflict" });
    await switchWorkspace(user, t.workspaceId);
    expect(works.name).toBe("Alpha Works");
    for (const name of ["Acme Studio", "acme studio", "  ACME   Studio ", "Acme\u00a0Studio"]) {
      const err = await appErrorOf(createWorkspace(user, { name }));
      expect(err.code).toBe("conflict");
      expect(err.fieldErrors?.name?.[0]).toMatch(/already have a workspace named "Acme Studio"/);
    }
    expect((await listMyWorkspaces(t.userId)).map((w) => w.name)).toEqual(["Acme Studio", "Alpha Works"]);
    const second = await createWorkspace(user, { name: "Beta Studio" });
    const ctx2 = await resolveTenant(t.userId, second.workspaceId);
    const renameErr = await appErrorOf(renameWorkspace(ctx2, { name: "ACME studio" }));
    expect(renameErr.code).toBe("conflict");
    expect(renameErr.fieldErrors?.name).toBeDefined();
    const patchErr = await appErrorOf(updateWorkspace(ctx2, { name: " acme  STUDIO" }));
    expect(patchErr.fieldErrors?.name).toBeDefined();
    // Its own name in other letters is a rename of itself, not a clash.
    expect(await renameWorkspace(ctx2, { name: "BETA studio" })).toEqual({ name: "BETA studio" });
    expect((await listMyWorkspaces(t.userId)).map((w) => w.name)).toEqual(["Acme Studio", "Alpha Works", "BETA studio"]);
  });

  it("refuses an invalid name and writes nothing", async () => {
    const t = await newTenant("Invalid Names");
    const user = { userId: t.userId, sessionId: t.signedUp.sessionId };
    for (const input of [{ name: "" }, { name: "x".repeat(10_000) }, { name: "ok", slug: "chosen-by-client" }, {}]) {
      const err = await createWorkspace(user, input as { name: string }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe("validation_failed");
    }
    expect((await listMyWorkspaces(t.userId)).length).toBe(1);
  });
});

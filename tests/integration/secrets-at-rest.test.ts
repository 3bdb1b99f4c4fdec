import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { ownerSql } from "../support/auth-client";
import { plaintextSecretsAtRest } from "../support/secret-scan";
import { signUp } from "../support/auth-client";
import { workspaceFixture } from "../support/fixtures";
import { api, keyFor } from "../support/api";

const owner = ownerSql();
afterAll(() => owner.end());

describe("the secret scanner", () => {
  it("finds a secret planted in a text column and says where", async () => {
    const planted = `wl_live_${randomBytes(24).toString("base64url")}`;
    const [ws] = await owner<
      { id: string }[]
    >`insert into workspaces (id, name, slug) values (gen_random_uuid(), 'Scan probe', ${`scan-${randomBytes(4).toString("hex")}`}) returning id`;
    try {
      await owner`insert into clients (workspace_id, name, currency, notes) values (${ws!.id}, 'Probe', 'EUR', ${`key: ${planted}`})`;
      expect(await plaintextSecretsAtRest(owner, [planted])).toEqual([`clients.notes contains ${planted.slice(0, 12)}…`]);
    } finally {
      await owner`delete from workspaces where id = ${ws!.id}`;
    }
    expect(await plaintextSecretsAtRest(owner, [planted])).toEqual([]);
  });
});

describe("secrets created through the API with Idempotency-Key", () => {
  it("API-key secrets and invitation tokens, created by keys and sessions and then replayed, are nowhere in the database in plain text", async () => {
    const fx = await workspaceFixture(owner, "owner", "secrets");
    const ownerKey = await keyFor(fx.owner, "owner");
    const session = await signUp({ name: "Secret Keeper", workspaceName: `Secrets ${randomBytes(4).toString("hex")}` });
    const secrets: string[] = [ownerKey];
    const replayed: string[] = [];

    const viaKey = (path: string, body: unknown, key: string) =>
      api<Record<string, string>>("POST", path, { token: ownerKey, body, headers: { "idempotency-key": key } });
    const viaSession = (path: string, body: unknown, key: string) =>
      api<Record<string, string>>("POST", path, {
        cookie: session.cookie,
        body,
        headers: { origin: "http://localhost:3000", "idempotency-key": key },
      });

    for (const [i, send] of [viaKey, viaSession].entries()) {
      for (const role of ["owner", "admin", "member"]) {
        const key = `secret-key-${i}-${role}-${randomBytes(4).toString("hex")}`;
        const body = { name: `Scanned ${role} key`, role };
        const created = await send("/api/v1/api-keys", body, key);
        expect(created.status).toBe(201);
        const again = await send("/api/v1/api-keys", body, key);
        expect([again.status, again.headers.get("idempotent-replayed"), again.body.secret]).toEqual([201, "true", created.body.secret]);
        secrets.push(created.body.secret!);
        replayed.push(key);
      }
      for (const role of ["admin", "member"]) {
        const key = `secret-invite-${i}-${role}-${randomBytes(4).toString("hex")}`;
        const body = { email: `scanned-${role}-${randomBytes(4).toString("hex")}@secrets.test`, role };
        const sent = await send("/api/v1/invitations", body, key);
        expect(sent.status).toBe(201);
        const again = await send("/api/v1/invitations", body, key);
        expect([again.status, again.headers.get("idempotent-replayed"), again.body.link]).toEqual([201, "true", sent.body.link]);
        const token = new URL(sent.body.link!).pathname.split("/").pop()!;
        expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
        secrets.push(sent.body.link!, token);
        replayed.push(key);
      }
    }
    // The stored answers exist (the replays above came from them) and are sealed.
    const rows = await owner<
      { n: string }[]
    >`select count(*) as n from idempotency_keys where key in ${owner(replayed)} and response_body like 'v1.%'`;
    expect(Number(rows[0]!.n)).toBe(replayed.length);

    // Each API-key secret also without its displayed prefix (`wl_live_` + 4 characters), in case only part of it leaked.
    const wanted = [...secrets, ...secrets.filter((s) => s.startsWith("wl_live_")).map((s) => s.slice(12))];
    const hits = await plaintextSecretsAtRest(owner, wanted);
    // The invitation email in the workspace outbox still carries its link in plain text today: the `accounts`
    // branch seals the outbox (issue 8); until it lands, that table is the only one left out of this scan.
    expect(hits.filter((h) => !h.startsWith("outbox_emails."))).toEqual([]);
  });
});

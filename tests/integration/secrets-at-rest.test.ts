import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { ownerSql } from "../support/auth-client";
import { plaintextSecretsAtRest } from "../support/secret-scan";

const owner = ownerSql();
afterAll(() => owner.end());

describe("the secret scanner", () => {
  it("finds a secret planted in a text column and says where", async () => {
    const planted = `wl_live_${randomBytes(24).toString("base64url")}`;
    const [ws] = await owner<{ id: string }[]>`insert into workspaces (id, name, slug) values (gen_random_uuid(), 'Scan probe', ${`scan-${randomBytes(4).toString("hex")}`}) returning id`;
    try {
      await owner`insert into clients (workspace_id, name, currency, notes) values (${ws!.id}, 'Probe', 'EUR', ${`key: ${planted}`})`;
      expect(await plaintextSecretsAtRest(owner, [planted])).toEqual([`clients.notes contains ${planted.slice(0, 12)}…`]);
    } finally {
      await owner`delete from workspaces where id = ${ws!.id}`;
    }
    expect(await plaintextSecretsAtRest(owner, [planted])).toEqual([]);
  });
});

import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import postgres from "postgres";
import { freePort } from "@/platform/db/embedded";
import { TEST_AUTH_SECRET } from "../setup/test-database";

/** Separate app processes against one database, for the multi-instance suites (tests/server). */
const ROOT = path.resolve(import.meta.dirname, "../..");

export interface Instances {
  /** Starts `entry` (relative to the repository) on a free port with `env`; resolves once it says it is running. */
  start(entry: string, env: (port: number) => Record<string, string>, timeoutMs?: number): Promise<number>;
  /** Stops every started process and waits for them to exit. */
  stopAll(): Promise<void>;
}

export function instances(): Instances {
  const servers: ChildProcess[] = [];
  return {
    async start(entry, env, timeoutMs = 60_000) {
      const port = await freePort();
      const child = spawn(process.execPath, [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), entry], {
        cwd: ROOT,
        env: { ...process.env, NODE_ENV: "production", PORT: String(port), BETTER_AUTH_SECRET: TEST_AUTH_SECRET, ...env(port) },
        stdio: ["ignore", "pipe", "pipe"],
      });
      servers.push(child);
      let output = "";
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${entry} did not start:\n${output}`)), timeoutMs);
        child.stdout!.on("data", (d: Buffer) => {
          output += d.toString();
          if (output.includes("is running")) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
        child.on("exit", (code) => reject(new Error(`${entry} exited with ${code}:\n${output}`)));
      });
      return port;
    },
    async stopAll() {
      for (const s of servers) s.kill("SIGTERM");
      await Promise.all(servers.map((s) => new Promise((r) => (s.exitCode !== null ? r(null) : s.on("exit", r)))));
    },
  };
}

/** A workspace with its owner and an owner API key, written as the database owner; returns the key. */
export async function seedWorkspaceWithKey(ownerUrl: string, label: string): Promise<string> {
  const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  const ws = randomUUID();
  const user = randomUUID();
  const secret = `wl_live_${randomBytes(32).toString("base64url")}`;
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  await owner`insert into users (id, name, email) values (${user}, ${label}, ${`${slug}-${user}@example.test`})`;
  await owner`insert into workspaces (id, name, slug) values (${ws}, ${label}, ${`${slug}-${ws}`})`;
  await owner`insert into members (id, organization_id, user_id, role) values (${randomUUID()}, ${ws}, ${user}, 'owner')`;
  await owner`insert into api_keys (organization_id, name, prefix, key_hash, role, created_by)
              values (${ws}, ${slug}, ${secret.slice(0, 12)}, ${createHash("sha256").update(secret).digest("hex")}, 'owner', ${user})`;
  await owner.end();
  return secret;
}

import { cpSync, lstatSync, mkdtempSync, readlinkSync, realpathSync, rmSync } from "node:fs";
import { chmod } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, packagedBinaries, startEmbeddedPostgres } from "@/platform/db/embedded";

const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

/*
 * As root, the embedded server runs as the `postgres` OS user. A checkout under a folder that user
 * cannot enter (a 0700 home, a `mktemp -d` folder) used to die with `spawn …/initdb EACCES`.
 * This puts a copy of the server package and the data folder inside such a folder and starts it.
 */
describe.runIf(asRoot)("the embedded PostgreSQL in a checkout other users cannot enter (as root)", () => {
  it("copies the server where the postgres user can run it, keeps the cluster reachable, and serves queries", async () => {
    const home = mkdtempSync(path.join(tmpdir(), "workledger-0700-"));
    await chmod(home, 0o700);
    cleanups.push(() => rmSync(home, { recursive: true, force: true }));
    const installed = await packagedBinaries();
    const pkgDir = path.dirname(path.dirname(path.dirname(installed.postgres)));
    const copy = path.join(home, "checkout", "node_modules", path.basename(path.dirname(pkgDir)), path.basename(pkgDir));
    cpSync(pkgDir, copy, { recursive: true, verbatimSymlinks: true });
    const binaries = { initdb: path.join(copy, "native", "bin", "initdb"), postgres: path.join(copy, "native", "bin", "postgres") };

    const dataDir = path.join(home, "checkout", "data", "pg");
    const lines: string[] = [];
    const cluster = await startEmbeddedPostgres({
      dir: dataDir,
      port: await freePort(),
      password: "unreachable-test",
      binaries,
      log: (l) => lines.push(l),
    });
    try {
      // The data folder is a link to where the cluster really lives, outside the closed folder.
      expect(lstatSync(dataDir).isSymbolicLink()).toBe(true);
      const target = realpathSync(dataDir);
      cleanups.push(() => rmSync(target, { recursive: true, force: true }));
      expect(target.startsWith("/var/lib/workledger/")).toBe(true);
      expect(readlinkSync(dataDir)).toBe(target);
      expect(lines.join("\n")).toMatch(/cannot enter .*; the database lives in/);
      const sql = postgres(cluster.url, { max: 1, onnotice: () => {} });
      try {
        const [row] = await sql<{ user: string; dir: string }[]>`select current_user as user, current_setting('data_directory') as dir`;
        expect(row).toEqual({ user: "postgres", dir: target });
      } finally {
        await sql.end();
      }
    } finally {
      await cluster.stop();
    }

    // A second start finds the same cluster through the link.
    const again = await startEmbeddedPostgres({ dir: dataDir, port: await freePort(), password: "unreachable-test", binaries });
    const sql = postgres(again.url, { max: 1, onnotice: () => {} });
    try {
      expect((await sql`select 1 as ok`)[0]).toEqual({ ok: 1 });
    } finally {
      await sql.end();
      await again.stop();
    }
  });
});

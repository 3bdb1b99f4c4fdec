/**
 * npm run bench:api — loads the REST API the way a busy multi-tenant deployment would and prints
 * req/s and latency. Data: >= 1,000 workspaces and 100,000 invoices with skewed sizes (a few
 * workspaces with tens of thousands, most with a handful), created once and reused.
 * Database: DATABASE_URL, or an embedded PostgreSQL kept in bench/.data. Numbers, not assertions.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import postgres from "postgres";
import { freePort, startEmbeddedPostgres } from "../src/platform/db/embedded";
import { migrateDatabase } from "../src/platform/db/migrate";
import { now } from "../src/lib/clock";

const ROOT = path.resolve(import.meta.dirname, "..");
const DATA = path.join(ROOT, "bench", ".data");
const WORKSPACES = 1_000;
const BIG = [30_000, 20_000, 15_000, 10_000, 5_000]; // the skew: five large workspaces
const SMALL_TOTAL = 100_000 - BIG.reduce((a, b) => a + b, 0); // spread over the other 995
const SECRET = "bench-secret-bench-secret-bench-secret-0123";
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

function log(line: string) {
  process.stdout.write(`${line}\n`);
}

async function database(): Promise<{ ownerUrl: string; appUrl: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { ownerUrl: process.env.DATABASE_URL, appUrl: process.env.DATABASE_URL, stop: async () => {} };
  mkdirSync(DATA, { recursive: true });
  chmodSync(DATA, 0o755);
  const cluster = await startEmbeddedPostgres({
    dir: path.join(DATA, "pg"),
    port: Number(process.env.BENCH_PG_PORT ?? 54399),
    password: "bench",
  });
  const admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
  if ((await admin`select 1 from pg_database where datname = 'workledger_bench'`).length === 0)
    await admin.unsafe("create database workledger_bench");
  await admin.end();
  const url = new URL(cluster.url);
  url.pathname = "/workledger_bench";
  // The API talks to the embedded server over its Unix socket, as `npm start` does.
  const app = new URL(url);
  if (cluster.socketDir && !process.env.BENCH_TCP) app.searchParams.set("host", cluster.socketDir);
  return { ownerUrl: url.toString(), appUrl: app.toString(), stop: () => cluster.stop() };
}

/** Creates the data set with set-based SQL (as the owner) unless it is already there; returns one API key per workspace. */
async function seed(ownerUrl: string): Promise<string[]> {
  const keysFile = path.join(DATA, "keys.json");
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const [{ n }] = (await sql<{ n: number }[]>`select count(*)::int as n from workspaces where slug like 'bench-%'`) as unknown as [
      { n: number },
    ];
    if (n >= WORKSPACES && existsSync(keysFile)) {
      log(`data set: reusing ${n} workspaces`);
      return JSON.parse(readFileSync(keysFile, "utf8")) as string[];
    }
    const t0 = performance.now();
    await sql.begin(async (tx) => {
      await tx`delete from workspaces where slug like 'bench-%'`;
      await tx`delete from users where email like 'bench-%@bench.test'`;
      await tx`insert into users (id, name, email) select 'bench-u-' || i, 'Bench User ' || i, 'bench-' || i || '@bench.test' from generate_series(1, ${WORKSPACES}) i`;
      await tx`insert into workspaces (id, name, slug) select 'bench-w-' || i, 'Bench Workspace ' || i, 'bench-' || i from generate_series(1, ${WORKSPACES}) i`;
      await tx`insert into members (id, organization_id, user_id, role) select 'bench-m-' || i, 'bench-w-' || i, 'bench-u-' || i, 'owner' from generate_series(1, ${WORKSPACES}) i`;
      await tx`insert into clients (workspace_id, name, email, currency)
               select 'bench-w-' || w, 'Client ' || w || '-' || c, 'c' || c || '@client' || w || '.test', 'EUR'
               from generate_series(1, ${WORKSPACES}) w, generate_series(1, 5) c`;
    });
    log(`data set: 1,000 workspaces, users and clients in ${Math.round(performance.now() - t0)} ms`);
    // Invoice counts per workspace: the five big ones, then the rest spread evenly.
    const perSmall = Math.floor(SMALL_TOTAL / (WORKSPACES - BIG.length));
    const counts = Array.from({ length: WORKSPACES }, (_, i) =>
      i < BIG.length ? BIG[i]! : perSmall + (i - BIG.length < SMALL_TOTAL % (WORKSPACES - BIG.length) ? 1 : 0),
    );
    let done = 0;
    const at = now().toISOString();
    for (let w = 0; w < WORKSPACES; w += 50) {
      const slice = counts.slice(w, w + 50);
      await sql`
        insert into invoices (workspace_id, client_id, number, status, currency, issue_date, due_date, subtotal_minor, total_minor, amount_paid_minor, balance_due_minor, sent_at, created_at, updated_at)
        select ws.id, c.id, 'INV-' || lpad(g::text, 6, '0'), 'sent', 'EUR', date '2026-01-01' + (g % 300), date '2026-01-31' + (g % 300),
               10000 + g % 5000, 12000 + g % 6000, 0, 12000 + g % 6000, ${at}::timestamptz, ${at}::timestamptz - (g || ' minutes')::interval, ${at}::timestamptz
        from unnest(${sql.array(slice.map((_, i) => `bench-w-${w + i + 1}`))}::text[], ${sql.array(slice)}::int[]) as ws(id, n)
        cross join lateral generate_series(1, ws.n) g
        cross join lateral (select id from clients where workspace_id = ws.id order by id limit 1 offset (g % 5)) c`;
      done += slice.reduce((a, b) => a + b, 0);
      const pct = Math.round((done / 100_000) * 100);
      process.stdout.write(`\rdata set: invoices [${"#".repeat(pct / 5)}${"-".repeat(20 - pct / 5)}] ${done}/100000`);
    }
    process.stdout.write("\n");
    const keys: string[] = [];
    const rows: { id: string; ws: string; hash: string; prefix: string }[] = [];
    for (let i = 1; i <= WORKSPACES; i++) {
      const secret = `wl_live_${randomBytes(32).toString("base64url")}`;
      keys.push(secret);
      rows.push({
        id: crypto.randomUUID(),
        ws: `bench-w-${i}`,
        hash: createHash("sha256").update(secret).digest("hex"),
        prefix: secret.slice(0, 12),
      });
    }
    await sql`insert into api_keys (id, organization_id, name, prefix, key_hash, role, created_by)
              select r.id, r.ws, 'bench', r.prefix, r.hash, 'owner', 'bench-u-' || substr(r.ws, 9)
              from json_to_recordset(${sql.json(rows)}::json) as r(id uuid, ws text, hash text, prefix text)`;
    await sql`analyze`;
    writeFileSync(keysFile, JSON.stringify(keys));
    log(`data set: ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return keys;
  } finally {
    await sql.end();
  }
}

async function startApi(ownerUrl: string, port: number): Promise<ChildProcess> {
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${path.join(DATA, "profiles")}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", "src/api-main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: ownerUrl,
      BETTER_AUTH_SECRET: SECRET,
      APP_URL: `http://127.0.0.1:${port}`,
      API_RATE_LIMIT_WORKSPACE_PER_MINUTE: "100000000",
      API_RATE_LIMIT_KEY_PER_MINUTE: "100000000",
      OVERDUE_JOB_INTERVAL_MINUTES: "0",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => (d.toString().includes("is running") ? resolve() : undefined));
    child.on("exit", (code) => reject(new Error(`API server exited with ${code}`)));
  });
  return child;
}

const WRK_SCRIPT = `
local pairs_ = {}
for line in io.lines(os.getenv("WL_KEYS_FILE")) do
  local key, client = line:match("([^\t]+)\t([^\t]+)")
  pairs_[#pairs_ + 1] = { key = key, client = client }
end
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
local method = os.getenv("WL_METHOD")
request = function()
  local p = pairs_[math.random(#pairs_)]
  if method == "POST" then
    local body = '{"client_id":"' .. p.client .. '","lines":[{"description":"Bench work","quantity":"2","unit_price":"150.00"},{"description":"Hosting","quantity":"1","unit_price":"9.99"}]}'
    return wrk.format("POST", "/api/v1/invoices", { ["Authorization"] = "Bearer " .. p.key, ["Content-Type"] = "application/json" }, body)
  end
  return wrk.format("GET", "/api/v1/invoices?limit=50", { ["Authorization"] = "Bearer " .. p.key })
end
`;

function hasWrk(): boolean {
  return !process.env.BENCH_AUTOCANNON && spawnSync("wrk", ["--version"]).error === undefined;
}

/** wrk (C, from Debian's packages) leaves far more of the two cores to the server than autocannon does. */
function runWrk(label: string, base: string, method: "GET" | "POST", connections: number, keysFile: string) {
  const script = path.join(DATA, "bench.lua");
  writeFileSync(script, WRK_SCRIPT);
  const out = spawnSync("wrk", ["-t2", `-c${connections}`, `-d${DURATION}s`, "--latency", "-s", script, base], {
    env: { ...process.env, WL_KEYS_FILE: keysFile, WL_METHOD: method },
    encoding: "utf8",
  }).stdout;
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? "?";
  const p50 = /\s50%\s+([\d.]+\w+)/.exec(out)?.[1] ?? "?";
  const p99 = /\s99%\s+([\d.]+\w+)/.exec(out)?.[1] ?? "?";
  const total = /(\d+) requests in/.exec(out)?.[1] ?? "?";
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? "0";
  log(
    `${label.padEnd(44)} ${Number(rps).toFixed(0).padStart(6)} req/s   p50 ${p50.padStart(7)}   p99 ${p99.padStart(7)}   (${total} requests, ${non2xx} non-2xx)`,
  );
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

function report(label: string, r: autocannon.Result) {
  const non2xx = r.non2xx + r.errors + r.timeouts;
  log(
    `${label.padEnd(44)} ${r.requests.average.toFixed(0).padStart(6)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   ` +
      `(${r.requests.total} requests, ${non2xx} non-2xx/errors)`,
  );
}

async function main() {
  const db = await database();
  await migrateDatabase(db.ownerUrl, SECRET);
  const keys = await seed(db.ownerUrl);
  const port = await freePort();
  const server = await startApi(db.appUrl, port);
  log(`API server: PostgreSQL over ${new URL(db.appUrl).searchParams.get("host") ? "a Unix socket" : "TCP"}`);
  const pick = () => keys[Math.floor(Math.random() * keys.length)]!;
  const base = `http://127.0.0.1:${port}`;
  try {
    // Warm up the key cache and the prepared statements.
    await run({
      url: `${base}/api/v1/invoices?limit=50`,
      connections: 8,
      duration: 3,
      requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${pick()}` } }) }],
    });
    const sqlForClients = postgres(db.ownerUrl, { max: 1, onnotice: () => {} });
    const firstClients = await sqlForClients<
      { ws: string; id: string }[]
    >`select distinct on (workspace_id) workspace_id as ws, id from clients where workspace_id like 'bench-w-%' order by workspace_id, id`;
    await sqlForClients.end();
    const clientOf = new Map(firstClients.map((r) => [r.ws, r.id]));
    const keysFile = path.join(DATA, "keys.tsv");
    writeFileSync(keysFile, keys.map((k, i) => `${k}\t${clientOf.get(`bench-w-${i + 1}`)}`).join("\n") + "\n");
    if (hasWrk()) {
      log(`\nwrk, 2 threads, ${DURATION}s each, the API key of a random workspace per request (2 cores shared with PostgreSQL and wrk):`);
      for (const connections of [8, 32])
        runWrk(`  GET /api/v1/invoices?limit=50, ${connections} conns`, base, "GET", connections, keysFile);
      runWrk("  POST /api/v1/invoices (2 lines), 8 conns", base, "POST", 8, keysFile);
      return;
    }
    log(`\nautocannon (install Debian's wrk for lighter load generation), ${DURATION}s each:`);
    log(`GET /api/v1/invoices?limit=50, random workspace per request (2 cores shared with PostgreSQL and the load generator):`);
    for (const connections of [8, 32]) {
      const r = await run({
        url: `${base}/api/v1/invoices?limit=50`,
        connections,
        duration: DURATION,
        requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${pick()}` } }) }],
      });
      report(`  list, ${connections} connections`, r);
    }
    const body = (ws: number) =>
      JSON.stringify({
        client_id: clientIds[ws]!,
        lines: [
          { description: "Bench work", quantity: "2", unit_price: "150.00" },
          { description: "Hosting", quantity: "1", unit_price: "9.99" },
        ],
      });
    const sql = postgres(db.ownerUrl, { max: 1, onnotice: () => {} });
    const clientRows = await sql<
      { ws: string; id: string }[]
    >`select distinct on (workspace_id) workspace_id as ws, id from clients where workspace_id like 'bench-w-%' order by workspace_id, id`;
    await sql.end();
    const clientIds: Record<number, string> = {};
    for (const r of clientRows) clientIds[Number(r.ws.slice("bench-w-".length)) - 1] = r.id;
    const post = await run({
      url: `${base}/api/v1/invoices`,
      connections: 8,
      duration: DURATION,
      method: "POST",
      requests: [
        {
          setupRequest: (req) => {
            const i = Math.floor(Math.random() * keys.length);
            return {
              ...req,
              method: "POST",
              headers: { ...req.headers, authorization: `Bearer ${keys[i]}`, "content-type": "application/json" },
              body: body(i),
            };
          },
        },
      ],
    });
    log("");
    report("POST /api/v1/invoices (2 lines), 8 connections", post);
  } finally {
    const exited = new Promise((r) => server.on("exit", r));
    server.kill("SIGTERM");
    await exited;
    await db.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

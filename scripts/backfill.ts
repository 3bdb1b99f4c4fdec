import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { prepareDatabase } from "../src/platform/db/migrate";
import { closePools } from "../src/platform/db/client";
import { BACKFILLS, runBackfill, type BackfillEvent } from "../src/modules/backfills/backfills.service";

const USAGE = `Usage: npm run backfill -- <name> [--workspace <slug|id>]… [--dry-run] [--concurrency N] [--batch-size N] [--pause-ms N]
       npm run backfill -- --list`;

// Runs a backfill (DATABASE_URL, or the embedded database — shared with a running app).
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    workspace: { type: "string", multiple: true },
    "dry-run": { type: "boolean", default: false },
    concurrency: { type: "string", default: "1" },
    "batch-size": { type: "string", default: "200" },
    "pause-ms": { type: "string", default: "0" },
    list: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

if (values.help || (!values.list && positionals.length !== 1)) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}
if (values.list) {
  for (const b of BACKFILLS) console.log(`${b.name}\t${b.description}`);
  process.exit(0);
}

const name = positionals[0]!;
const tty = process.stdout.isTTY === true;
const bar = new cliProgress.SingleBar(
  {
    format: "{bar} {value}/{total} workspaces | {rows} rows, {changed} changed, {reported} reported | ETA {eta_formatted}",
    hideCursor: true,
  },
  cliProgress.Presets.shades_classic,
);
const counts = { rows: 0, changed: 0, reported: 0, finished: 0 };
/** A line above the bar (the bar is drawn again on its next update). */
function say(line: string) {
  if (tty) process.stdout.write("\r\x1b[2K");
  console.log(line);
}

function onEvent(e: BackfillEvent) {
  if (e.kind === "start") {
    console.log(`${name}${values["dry-run"] ? " (dry run: nothing is written)" : ""}: ${e.workspaces} workspace(s)`);
    if (tty) bar.start(e.workspaces, 0, { rows: 0, changed: 0, reported: 0 });
    return;
  }
  if (e.kind === "batch") {
    counts.rows += e.seen;
    counts.changed += e.changed;
    counts.reported += e.reported;
    for (const note of e.notes) say(`  ${e.slug}: ${note}`);
  } else {
    counts.finished++;
    if (!tty || e.outcome === "failed") {
      say(`${e.slug}: ${e.outcome}${e.error ? ` — ${e.error}` : ""} (${counts.finished} finished)`);
    }
  }
  if (tty) bar.update(counts.finished, { rows: counts.rows, changed: counts.changed, reported: counts.reported });
}

const { embedded } = await prepareDatabase();
let exitCode = 0;
try {
  const s = await runBackfill(name, {
    workspaces: values.workspace,
    dryRun: values["dry-run"],
    concurrency: Number(values.concurrency),
    batchSize: Number(values["batch-size"]),
    pauseMs: Number(values["pause-ms"]),
    onEvent,
  });
  if (tty) bar.stop();
  console.log(
    `${name}: ${s.done} workspace(s) done, ${s.alreadyDone} already done, ${s.failed} failed; ` +
      `${s.batches} batch(es), ${s.rowsSeen} row(s) seen, ${s.rowsChanged} ${values["dry-run"] ? "would change" : "changed"}, ${s.rowsReported} reported`,
  );
  if (s.failed > 0) exitCode = 1;
} catch (err) {
  if (tty) bar.stop();
  console.error(err instanceof Error ? err.message : String(err));
  exitCode = 2;
} finally {
  await closePools();
  await embedded?.stop();
}
process.exit(exitCode);

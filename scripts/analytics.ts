import os from "node:os";
import { parseArgs } from "node:util";
import { prepareDatabase } from "../src/platform/db/migrate";
import { closePools } from "../src/platform/db/client";
import { instanceAnalytics } from "../src/modules/analytics/analytics.service";
import { AppError } from "../src/platform/errors";

// The instance analytics as JSON (the figures of /instance), for the operator of this instance:
// `npm run analytics -- [--from YYYY-MM-DD] [--to YYYY-MM-DD]`. Each use is recorded in the instance audit log.
const { values } = parseArgs({ options: { from: { type: "string" }, to: { type: "string" } } });
const { embedded } = await prepareDatabase();
let code = 0;
try {
  const figures = await instanceAnalytics({ kind: "cli", osUser: os.userInfo().username }, { from: values.from, to: values.to });
  console.log(JSON.stringify(figures, null, 2));
} catch (err) {
  code = err instanceof AppError ? 2 : 1;
  const fields = err instanceof AppError && err.fieldErrors ? ` ${JSON.stringify(err.fieldErrors)}` : "";
  console.error(`${err instanceof Error ? err.message : String(err)}${fields}`);
} finally {
  await closePools();
  await embedded?.stop();
}
process.exit(code);

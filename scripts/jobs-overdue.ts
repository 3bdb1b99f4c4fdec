import { prepareDatabase } from "../src/platform/db/migrate";
import { closePools } from "../src/platform/db/client";
import { runOverdueJob } from "../src/modules/invoices/overdue-job";

// Runs the overdue job once (DATABASE_URL, or the embedded database — shared with a running app).
const { embedded } = await prepareDatabase();
try {
  await runOverdueJob({ log: (line) => console.log(line) });
} finally {
  await closePools();
  await embedded?.stop();
}

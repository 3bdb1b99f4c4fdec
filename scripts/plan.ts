import os from "node:os";
import { prepareDatabase } from "../src/platform/db/migrate";
import { closePools } from "../src/platform/db/client";
import { listWorkspacesForJobs } from "../src/modules/workspaces/workspaces.service";
import { PLANS, PLAN_IDS, isPlanId } from "../src/modules/plans/plans";
import { setWorkspacePlan } from "../src/modules/plans/plans.service";

// An instance administrator sets a workspace's plan: npm run plan -- <workspace slug or id> <free|pro|business>
const [workspace, plan] = process.argv.slice(2);
if (!workspace || !plan || !isPlanId(plan)) {
  console.log(`Usage: npm run plan -- <workspace slug or id> <${PLAN_IDS.join("|")}>`);
  for (const id of PLAN_IDS) console.log(`  ${id}\t${PLANS[id].name}`);
  process.exit(2);
}
const { embedded } = await prepareDatabase();
let code = 0;
try {
  const found = (await listWorkspacesForJobs()).find((w) => w.slug === workspace || w.workspaceId === workspace);
  if (!found) {
    console.error(`No workspace with the slug or id "${workspace}"`);
    code = 2;
  } else {
    await setWorkspacePlan(found.workspaceId, plan, { source: "admin", actorLabel: `instance admin (cli:${os.userInfo().username})` });
    console.log(`${found.slug}: now on the ${PLANS[plan].name} plan`);
  }
} finally {
  await closePools();
  await embedded?.stop();
}
process.exit(code);

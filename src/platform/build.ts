import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

const BUILD_INPUTS = ["src", "public", "package-lock.json", "next.config.ts", "postcss.config.mjs", "tsconfig.json"];

function hashInputs(root: string): string {
  const hash = createHash("sha256");
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) visit(path.join(p, name));
    } else {
      hash.update(path.relative(root, p));
      hash.update(readFileSync(p));
    }
  };
  for (const input of BUILD_INPUTS) visit(path.join(root, input));
  return hash.digest("hex");
}

/** Runs `next build` when there is no production build yet or the sources changed since the last one. */
export function ensureProductionBuild(root: string, log: (line: string) => void): void {
  const marker = path.join(root, ".next", "workledger-source-hash");
  const current = hashInputs(root);
  const built = existsSync(path.join(root, ".next", "BUILD_ID")) && existsSync(marker) && readFileSync(marker, "utf8") === current;
  if (built) return;
  log("Building the app (first start or changed sources)…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit code ${result.status})`);
  writeFileSync(marker, current);
}

// Local ESLint rules for the layers of src/ (docs/architecture.md): each folder imports only the folders
// below it, and only src/platform/db reaches the connection pools.
import path from "node:path";

const SRC = path.resolve(import.meta.dirname, "..", "src");

/** What each layer may import besides itself. Files directly in src/ are entry points and may import anything. */
export const ALLOWED = {
  app: ["components", "http", "identity", "modules", "platform", "lib"],
  components: ["modules", "platform", "lib"],
  http: ["identity", "modules", "platform", "lib"],
  identity: ["modules", "platform", "lib"],
  modules: ["platform", "lib"],
  platform: ["lib"],
  lib: [],
};

/** The file under src/ an import names, or undefined for packages and files outside src/. */
function target(filename, spec) {
  if (spec.startsWith("@/")) return path.join(SRC, spec.slice(2));
  if (spec.startsWith(".")) return path.resolve(path.dirname(filename), spec);
  return undefined;
}

function layerOf(file) {
  const rel = path.relative(SRC, file);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return undefined;
  const parts = rel.split(path.sep);
  return parts.length > 1 ? parts[0] : "entry";
}

function eachImport(context, check) {
  const visit = (node) => {
    const source = node.source;
    if (source && source.type === "Literal" && typeof source.value === "string") check(node, source.value);
  };
  return {
    ImportDeclaration: visit,
    ExportNamedDeclaration: visit,
    ExportAllDeclaration: visit,
    ImportExpression: visit,
  };
}

const downwardsOnly = {
  meta: {
    type: "problem",
    schema: [],
    messages: { up: "{{from}}/ may not import {{to}}/ ({{spec}}): layers import only downwards (docs/architecture.md)" },
  },
  create(context) {
    const from = layerOf(context.filename);
    if (!from || from === "entry" || !(from in ALLOWED)) return {};
    return eachImport(context, (node, spec) => {
      const file = target(context.filename, spec);
      const to = file && layerOf(file);
      if (!to || to === from) return;
      if (to === "entry" || !ALLOWED[from].includes(to)) context.report({ node, messageId: "up", data: { from, to, spec } });
    });
  },
};

/** The pools (and the function that opens one); closing them and their types are not a way into data. */
const POOL_FILE = path.join(SRC, "platform", "db", "client");
const POOLS = new Set(["tenantPool", "tenantSql", "authDb", "authAdapterDb", "connect"]);
const oneDoorIntoData = {
  meta: {
    type: "problem",
    schema: [],
    messages: { pool: "Only src/platform/db may import the connection pools; use withTenant() or withIdentity() (docs/architecture.md)" },
  },
  create(context) {
    return eachImport(context, (node, spec) => {
      const file = target(context.filename, spec);
      if (!file || file.replace(/\.tsx?$/, "") !== POOL_FILE) return;
      const names = node.type === "ImportDeclaration" ? node.specifiers : [];
      const opens =
        node.type !== "ImportDeclaration" ||
        names.some((s) => s.type !== "ImportSpecifier" || POOLS.has(s.imported.name ?? s.imported.value));
      if (opens) context.report({ node, messageId: "pool" });
    });
  },
};

export default { rules: { "downwards-only": downwardsOnly, "one-door-into-data": oneDoorIntoData } };

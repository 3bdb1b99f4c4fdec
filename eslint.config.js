import js from "@eslint/js";
import tseslint from "typescript-eslint";
import layers from "./eslint-rules/layers.js";

const wallClock = "Time comes from the injectable clock (now() / today() in src/lib/clock.ts); use performance.now() for durations";

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", "data/**", "test-results/**", "next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", window: "readonly" } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-control-regex": "off",
      // A date read from the wall clock made CI red on the first day of a month: the clock is injectable everywhere.
      "no-restricted-syntax": [
        "error",
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: wallClock },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: wallClock },
      ],
    },
  },
  { files: ["src/lib/clock.ts"], rules: { "no-restricted-syntax": "off" } },
  {
    // Modules add REST routes only through ApiOperations.operation, which requires the permission.
    files: ["src/modules/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@hono/zod-openapi",
              importNames: ["createRoute", "OpenAPIHono"],
              message: "Define REST operations with api.operation({ permission, … }) (src/platform/http-kit/operation.ts)",
            },
          ],
        },
      ],
    },
  },
  {
    // The layers of src/, top to bottom: app, components, http, identity, modules, platform, lib.
    files: ["src/**/*.ts", "src/**/*.tsx"],
    plugins: { layers },
    rules: { "layers/downwards-only": "error" },
  },
  {
    // One door into data: the pools are imported only inside src/platform/db.
    files: ["src/**/*.ts", "src/**/*.tsx", "scripts/**/*.ts", "bench/**/*.ts"],
    // src/identity/auth.ts hands Better Auth its drizzle adapter (authAdapterDb): the one other place the
    // auth pool is used. Everything else goes through withTenant() or withIdentity() (src/platform/db/tenant.ts).
    ignores: ["src/platform/db/**", "src/identity/auth.ts"],
    plugins: { layers },
    rules: { "layers/one-door-into-data": "error" },
  },
);

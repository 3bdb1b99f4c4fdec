import { inject } from "vitest";

const db = inject("db");
process.env.WL_TENANT_DATABASE_URL = db.tenant;
process.env.WL_AUTH_DATABASE_URL = db.auth;
process.env.WL_JOBS_DATABASE_URL = db.jobs;
process.env.WL_ANALYTICS_DATABASE_URL = db.analytics;
process.env.BETTER_AUTH_SECRET = db.secret;
process.env.APP_URL = "http://localhost:3000";
process.env.DB_POOL_MAX = process.env.DB_POOL_MAX ?? "5";

import { prepareDatabase } from "../src/platform/db/migrate";

// Applies migrations and creates/verifies the database roles (DATABASE_URL, or the embedded database).
const { embedded, urls } = await prepareDatabase();
const where = embedded ? `embedded PostgreSQL (port ${embedded.port})` : new URL(urls.owner).host + new URL(urls.owner).pathname;
console.log(`Migrations applied and roles verified on ${where}`);
await embedded?.stop();

import type { TestProject } from "vitest/node";
import { createTestDatabase, type TestDatabase } from "./test-database";

declare module "vitest" {
  export interface ProvidedContext {
    db: TestDatabase;
  }
}

export default async function setup(project: TestProject) {
  const { db, dispose } = await createTestDatabase();
  project.provide("db", db);
  return dispose;
}

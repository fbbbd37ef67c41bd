import { createTestDatabase, TestDatabase } from './test-database';

declare global {
  var __TEST_DATABASE__: TestDatabase | undefined;
}

/**
 * Creates the run's migrated template database; workers inherit its URL through the
 * environment and each test file clones it (test/setup/env.ts).
 */
export default async function globalSetup(): Promise<void> {
  const database = await createTestDatabase();
  globalThis.__TEST_DATABASE__ = database;
  process.env.SPP_TEST_TEMPLATE_URL = database.url;
}

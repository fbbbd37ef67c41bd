/** Drops the run's database and stops the embedded server, if one was started. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__TEST_DATABASE__?.drop();
}

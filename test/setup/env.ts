import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

// Every HTTP test file runs the real app on a database of its own, cloned from the run's
// migrated template: the outbox worker and the heavy-work limits of one file's app instances
// act on every row of their database, so files running at once must not share one.
// Setup files cannot wait for a promise: a child process makes the clone, synchronously.
const CLONE = `
const { Client } = require('pg');
const [template, name] = process.argv.slice(1);
const admin = new URL(template);
const source = decodeURIComponent(admin.pathname.slice(1));
admin.pathname = '/postgres';
const client = new Client({ connectionString: admin.toString() });
client
  .connect()
  .then(() => client.query('CREATE DATABASE ' + client.escapeIdentifier(name) +
    ' TEMPLATE ' + client.escapeIdentifier(source)))
  .then(() => client.end())
  .catch((error) => {
    process.stderr.write('cannot create the test database ' + name + ': ' + error.message + '\\n');
    process.exit(1);
  });
`;
const template = process.env.SPP_TEST_TEMPLATE_URL;
if (template) {
  const url = new URL(template);
  const name = `${decodeURIComponent(url.pathname.slice(1))}_${randomBytes(4).toString('hex')}`;
  execFileSync(process.execPath, ['-e', CLONE, template, name], {
    cwd: join(__dirname, '..', '..'),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  url.pathname = `/${name}`;
  process.env.SPP_TEST_DATABASE_URL = url.toString();
}
process.env.NODE_ENV = 'test';
process.env.DATABASE_URL = process.env.SPP_TEST_DATABASE_URL;
process.env.SEED_DEMO = 'false';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
process.env.APP_URL = 'http://app.test';
// Several tests send heavy work at once on purpose (the same import twice, parallel batches);
// tests of the limits set them explicitly. Training stays one job at a time.
process.env.MAX_CONCURRENT_BATCH_PREDICTIONS = '50';
process.env.MAX_CONCURRENT_IMPORTS = '50';
process.env.MAX_CONCURRENT_EXPORTS = '50';
// Imports answer in their request whatever the file's size (a 10 MB cell is refused at once);
// the background-job tests set IMPORT_ASYNC_ABOVE_BYTES low explicitly.
process.env.IMPORT_ASYNC_ABOVE_BYTES = String(1024 * 1024 * 1024);

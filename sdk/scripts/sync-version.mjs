// The SDK's version is the API's: package.json at the repository root is the one place it is
// kept, and `npm run sdk` copies it here.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stdout } from 'node:process';

const root = join(import.meta.dirname, '..', '..');
/**
 * @param {string} file
 * @returns {Record<string, unknown>}
 */
function read(file) {
  /** @type {unknown} */
  const data = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof data !== 'object' || data === null) throw new Error(`${file} is not a JSON object`);
  return /** @type {Record<string, unknown>} */ (data);
}
const { version } = read(join(root, 'package.json'));
const file = join(root, 'sdk', 'package.json');
const manifest = read(file);
if (manifest.version !== version) {
  manifest.version = version;
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  stdout.write(`sdk/package.json: version ${String(version)}\n`);
}

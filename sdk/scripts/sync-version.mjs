// The SDK's version is the API's: package.json at the repository root is the one place it is
// kept, and `npm run sdk` copies it here.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const file = join(root, 'sdk', 'package.json');
const text = readFileSync(file, 'utf8');
const manifest = JSON.parse(text);
if (manifest.version !== version) {
  manifest.version = version;
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`sdk/package.json: version ${version}`);
}

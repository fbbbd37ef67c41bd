import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE_NAME = 'student-performance-api';

/**
 * The API's version: the `version` of the service's package.json, the one place it is kept. The
 * OpenAPI document's `info.version` and the SDK's package version follow it.
 */
export function apiVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === PACKAGE_NAME && manifest.version) return manifest.version;
    }
    if (dirname(dir) === dir) throw new Error(`No package.json of ${PACKAGE_NAME} above ${from}`);
  }
}

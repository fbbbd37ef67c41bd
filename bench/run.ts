import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * npm run bench [-- --quick]: the side-by-side benchmark (bench/side-by-side), every hot path
 * next to its limit, written to bench/results.json and bench/results.md (with --quick: a small
 * run that only proves it works, written to .data/bench).
 * npm run bench -- name...: the focused benchmarks bench/*.bench.ts whose names contain one of
 * the names (import, predict-batch, anonymous-flood, train), each in its own process.
 */
const args = process.argv.slice(2);
const names = args.filter((a) => !a.startsWith('--'));
const flags = args.filter((a) => a.startsWith('--'));
const scripts =
  names.length === 0
    ? [join('side-by-side', 'run-side-by-side.ts')]
    : readdirSync(__dirname)
        .filter((f) => f.endsWith('.bench.ts') && names.some((name) => f.includes(name)))
        .sort();
let failed = 0;
for (const script of scripts) {
  console.log(`\n# ${script}`);
  const result = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(__dirname, script), ...flags],
    { stdio: 'inherit', env: process.env },
  );
  if (result.status !== 0) failed += 1;
}
process.exit(failed > 0 ? 1 : 0);

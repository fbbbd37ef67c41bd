import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Figure } from './bench-figure';

/**
 * Training time, as bench/train.bench.ts reports it (run as it is, in its own process): the
 * median of its `train…:` line, in seconds; that line is the note.
 */
export function measureTraining(runs: number): Figure {
  const script = join(__dirname, '..', 'train.bench.ts');
  const result = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', script, '--runs', String(runs)],
    { encoding: 'utf8', cwd: join(__dirname, '..', '..') },
  );
  const output = `${result.stdout}${result.stderr}`;
  const match = /^train\b[^:\n]*: .*median ([\d.]+) s/m.exec(output);
  if (result.status !== 0 || !match) throw new Error(`train.bench.ts failed:\n${output}`);
  return {
    path: 'training (bench/train.bench.ts, default parameters)',
    dataset: 'data set, 5,607 students',
    value: Number(match[1]),
    unit: 's',
    note: match[0],
  };
}

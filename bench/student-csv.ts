import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';

const ROOT = join(__dirname, '..');
const FIRST = ['Ada', 'Alan', 'Grace', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia'];
const LAST = ['Lovelace', 'Turing', 'Hopper', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson'];

/** mulberry32: a small seeded generator, so every run benchmarks the same files. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes `rows` new students (no Student_ID column) resampled from the data set's rows with a
 * fixed seed, with made-up names and ages, in the columns the importer accepts.
 */
export async function writeStudentCsv(path: string, rows: number, seed: number): Promise<void> {
  const lines = readFileSync(join(ROOT, 'seeds', 'StudentPerformanceFactors.csv'), 'utf8')
    .trimEnd()
    .split('\n');
  const [header, ...data] = lines;
  const next = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const out = createWriteStream(path);
  out.write(`First_Name,Last_Name,Age,${header}\n`);
  for (let i = 0; i < rows; i += 1) {
    const line = `${pick(FIRST)},${pick(LAST)},${14 + Math.floor(next() * 5)},${pick(data)}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
}

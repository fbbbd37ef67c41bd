import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { Figure } from './bench-figure';

export interface MachineFacts {
  date: string;
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  postgres: string;
  loadAverage: { start: number[]; end: number[] };
  quick: boolean;
  /** The commit measured, when known. */
  commit: string | null;
}

const START = '<!-- side-by-side:start -->';
const END = '<!-- side-by-side:end -->';

const number = (n: number) =>
  n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(n >= 10 ? 1 : 2);

/** The figures as a Markdown table: figure, limit, ratio, target, met or not. */
export function resultsTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) =>
    [
      f.path,
      f.dataset,
      `${number(f.value)} ${f.unit}`,
      f.limit ? `${number(f.limit.value)} ${f.unit} (${f.limit.what})` : '',
      f.ratio === undefined ? '' : f.ratio.toFixed(2),
      f.target?.text ?? '',
      f.target ? (f.target.met ? 'met' : '**missed**') : '',
      f.note ?? '',
    ].join(' | '),
  );
  return [
    '| path | data | ours | limit in the same run | ratio | target | met | notes |',
    '|---|---|---:|---:|---:|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}

function machineLine(m: MachineFacts): string {
  const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
  return (
    `Measured ${m.date}${m.commit ? ` at commit ${m.commit}` : ''} on ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGb} GB RAM, Node ${m.node}, ` +
    `PostgreSQL ${m.postgres} on the same machine. The machine is shared: load average ` +
    `${load(m.loadAverage.start)} at the start and ${load(m.loadAverage.end)} at the end.`
  );
}

/**
 * Writes `results.json` and the generated section of `results.md` in `dir` (the rest of
 * results.md, written by hand or by other benchmarks, is kept), formatted as the repository is.
 */
export async function writeResults(
  dir: string,
  figures: readonly Figure[],
  machine: MachineFacts,
): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const section = [
    START,
    '## Side by side with the limits (`npm run bench`)',
    '',
    machineLine(machine),
    '',
    resultsTable(figures),
    END,
  ].join('\n');
  const file = join(dir, 'results.md');
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = previous.indexOf(START);
  const end = previous.indexOf(END);
  const [head, ...rest] = previous.split('\n');
  const updated =
    start >= 0 && end > start
      ? `${previous.slice(0, start)}${section}${previous.slice(end + END.length)}`
      : `${head}\n\n${section}\n${rest.join('\n')}`;
  const options = (await resolveConfig(file)) ?? {};
  const json = JSON.stringify({ machine, figures });
  writeFileSync(join(dir, 'results.json'), await format(json, { ...options, parser: 'json' }));
  writeFileSync(file, await format(updated, { ...options, parser: 'markdown' }));
}

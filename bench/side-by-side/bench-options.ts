import { join } from 'node:path';

/** What one run of the side-by-side benchmark measures, and how long each part lasts. */
export interface BenchOptions {
  quick: boolean;
  /** Seconds each load test lasts. */
  seconds: number;
  /** Timed runs of each single request (batch, export, analytics), after one warm-up. */
  runs: number;
  /** New students generated and imported after the data set (total 100,000 in a full run). */
  generatedRows: number;
  /** Students per batch prediction on the generated set (the API's maximum, 10,000). */
  batchSize: number;
  /** Load-test connections for reads (as in the issue: 16). */
  connections: number;
  /** Where results.json and results.md are written. */
  outDir: string;
}

const DATA_SET_ROWS = 5_607;

/**
 * `--quick`: every path once on the data set plus 1,000 generated students, 1 s load tests, to
 * prove the benchmark runs (results go to .data/bench, not to bench/). Otherwise the full run.
 * `--seconds N` sets the length of the load tests.
 */
export function benchOptions(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const root = join(__dirname, '..', '..');
  const at = argv.indexOf('--seconds');
  const options: BenchOptions = quick
    ? {
        quick,
        seconds: 1,
        runs: 1,
        generatedRows: 1_000,
        batchSize: 1_000,
        connections: 16,
        outDir: join(root, '.data', 'bench'),
      }
    : {
        quick,
        seconds: 10,
        runs: 5,
        generatedRows: 100_000 - DATA_SET_ROWS,
        batchSize: 10_000,
        connections: 16,
        outDir: join(root, 'bench'),
      };
  if (at >= 0) options.seconds = Number(argv[at + 1]);
  return options;
}

import type { Pool } from 'pg';
import type { BenchOptions } from './bench-options';
import type { BenchServer } from './bench-server';
import type { Caller } from './bench-http';

/** One measured figure, next to its limit in the same run and the target. */
export interface Figure {
  path: string;
  dataset: string;
  value: number;
  unit: string;
  limit?: { value: number; what: string };
  /** ours / limit for throughputs; during / without for the login flood's p99. */
  ratio?: number;
  target?: { text: string; met: boolean };
  note?: string;
}

/** What every measurement gets: the servers, two signed-in callers and the data set. */
export interface BenchContext {
  options: BenchOptions;
  app: BenchServer;
  bare: BenchServer;
  admin: Caller;
  teacher: Caller;
  pool: Pool;
  /** The scratch database the servers run on. */
  databaseUrl: string;
  /** e.g. "data set, 5,607 students". */
  dataset: string;
  ids: string[];
  dir: string;
}

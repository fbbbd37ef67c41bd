import { join } from 'node:path';
import { Pool } from 'pg';
import type { BenchOptions } from './bench-options';
import type { BenchContext } from './bench-figure';
import { login } from './bench-http';
import { startBenchServer } from './bench-server';
import { startApp } from './start-app';

/** Every student id, in the export's order. */
export async function studentIds(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ student_id: string }>(
    'SELECT student_id FROM student_profiles ORDER BY length(student_id), student_id',
  );
  return rows.map((r) => r.student_id);
}

/**
 * Starts the service (with `appExecArgv`, e.g. --cpu-prof) and the bare server on `url`, signs
 * in the demo administrator and teacher, runs `work`, and stops both servers.
 */
export async function withBenchContext<T>(
  options: BenchOptions,
  url: string,
  dir: string,
  work: (ctx: BenchContext) => Promise<T>,
  appExecArgv: string[] = [],
): Promise<T> {
  const log = join(dir, 'servers.log');
  const app = await startApp(url, { compiled: !options.quick, log, execArgv: appExecArgv });
  const pool = new Pool({ connectionString: url, max: 4 });
  try {
    const ids = await studentIds(pool);
    const bare = await startBenchServer({
      script: join(__dirname, 'bare-server.ts'),
      execArgv: ['-r', 'ts-node/register/transpile-only'],
      env: { ...process.env, BARE_DATABASE_URL: url },
      log,
      readyPath: `/api/students/${ids[0]}`,
    });
    try {
      const admin = await login(app.base, 'admin@school.edu', 'Admin123!');
      const teacher = await login(app.base, 'teacher1@school.edu', 'Teacher123!');
      const dataset = `data set, ${ids.length.toLocaleString('en')} students`;
      return await work({
        options,
        app,
        bare,
        admin,
        teacher,
        pool,
        databaseUrl: url,
        dataset,
        ids,
        dir,
      });
    } finally {
      await bare.stop();
    }
  } finally {
    await pool.end();
    await app.stop();
  }
}

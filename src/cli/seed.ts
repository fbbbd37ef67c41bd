import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { SingleBar, Presets } from 'cli-progress';
import { describeError } from '../common/errors/describe-error';
import { AppModule } from '../app.module';
import { DatabaseConnection } from '../database/database-url.provider';
import { SeedService } from '../demo-seed/seed.service';

/**
 * npm run seed [-- --csv <file>]: loads the demo users and the data set's students into the
 * database (DATABASE_URL, or the embedded one). Idempotent: a second run adds nothing.
 */
async function main(): Promise<void> {
  const csvIndex = process.argv.indexOf('--csv');
  const csvPath = csvIndex > 0 ? process.argv[csvIndex + 1] : undefined;
  // This command seeds explicitly, with a progress bar; the start-up seeder stays out of it.
  process.env.SEED_DEMO = 'false';
  process.env.LOG_LEVEL ??= 'warn';
  const app = await NestFactory.createApplicationContext(AppModule, {
    logger: ['error', 'warn'],
    abortOnError: false,
  });
  // Interrupted: stop the embedded server this command started (the seeding transaction rolls
  // back), then exit; a server that `npm start` runs is left alone.
  const interrupt = (signal: NodeJS.Signals) => {
    console.error(`\n${signal} received: seeding stopped (its unfinished transaction is not kept)`);
    void app
      .get(DatabaseConnection)
      .onApplicationShutdown()
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const bar = new SingleBar(
    { format: 'Students {bar} {percentage}% | {value}/{total}', hideCursor: true },
    Presets.shades_classic,
  );
  try {
    let started = false;
    const report = await app.get(SeedService).seedDemo({
      csvPath,
      onProgress: ({ done, total }) => {
        if (!started) {
          bar.start(total, done);
          started = true;
        } else {
          bar.update(done);
        }
      },
    });
    bar.stop();
    console.log(
      `Seeded ${report.students_inserted} new students of ${report.rows_in_file} in the file, ` +
        `${report.performance_records_inserted} performance records, ` +
        `${report.accounts_linked} demo accounts linked, in ${report.duration_ms} ms.`,
    );
  } finally {
    bar.stop();
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(`Seeding failed: ${describeError(error)}`);
  process.exit(1);
});

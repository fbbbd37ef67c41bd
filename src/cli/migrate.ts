import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { schemaDiff } from '../database/schema-drift';
import { describeError } from '../common/errors/describe-error';
import { runMigrationsLocked } from '../database/run-migrations-locked';
import { withDataSource } from './cli-database';

async function run(ds: DataSource): Promise<void> {
  const applied = await runMigrationsLocked(ds);
  console.log(
    applied.length ? `Applied: ${applied.map((m) => m.name).join(', ')}` : 'No pending migrations.',
  );
}

async function revert(ds: DataSource): Promise<void> {
  await ds.undoLastMigration({ transaction: 'each' });
  console.log('Reverted the last migration.');
}

async function check(ds: DataSource): Promise<void> {
  const pending = await ds.showMigrations();
  if (pending) throw new Error('There are pending migrations: run npm run migration:run first.');
  const diff = await schemaDiff(ds);
  if (diff.up.length > 0) {
    console.error('The entities and the migrations disagree. Missing from the migrations:');
    for (const q of diff.up) console.error(`  ${q};`);
    process.exitCode = 1;
    return;
  }
  console.log('Schema matches the entities.');
}

/** The text of a migration class running `up` and `down`. */
function migrationSource(className: string, up: string[], down: string[]): string {
  const body = (queries: string[]) =>
    queries.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
  return (
    `import { MigrationInterface, QueryRunner } from 'typeorm';\n\n` +
    `export class ${className} implements MigrationInterface {\n` +
    `  name = '${className}';\n\n` +
    `  public async up(queryRunner: QueryRunner): Promise<void> {\n${body(up)}\n  }\n\n` +
    `  public async down(queryRunner: QueryRunner): Promise<void> {\n${body(down)}\n  }\n}\n`
  );
}

async function generate(ds: DataSource, name: string): Promise<void> {
  await runMigrationsLocked(ds);
  const diff = await schemaDiff(ds);
  if (diff.up.length === 0) {
    console.log('No changes: the migrations already match the entities.');
    return;
  }
  const timestamp = Date.now();
  const file = join(__dirname, '..', '..', 'migrations', `${timestamp}-${name}.ts`);
  writeFileSync(file, migrationSource(`${name}${timestamp}`, diff.up, diff.down));
  console.log(`Wrote ${file}`);
}

/**
 * npm run migration:run | migration:revert | migration:check | migration:generate -- <Name>
 * `check` fails (exit 1) when the entities and the migrations disagree.
 */
async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  switch (command) {
    case 'run':
      return withDataSource(run);
    case 'revert':
      return withDataSource(revert);
    case 'check':
      return withDataSource(check);
    case 'generate':
      if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
        throw new Error('Usage: npm run migration:generate -- <PascalCaseName>');
      }
      return withDataSource((ds) => generate(ds, name));
    default:
      throw new Error('Usage: migrate.ts run | revert | check | generate <Name>');
  }
}

main().catch((error: unknown) => {
  console.error(`Migration failed: ${describeError(error)}`);
  process.exit(1);
});

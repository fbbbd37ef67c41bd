import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaDiff } from '../database/schema-drift';
import { describeError } from '../common/errors/describe-error';
import { runMigrationsLocked } from '../database/run-migrations-locked';
import { withDataSource } from './cli-database';

/**
 * npm run migration:run | migration:revert | migration:check | migration:generate -- <Name>
 * `check` fails (exit 1) when the entities and the migrations disagree.
 */
async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  switch (command) {
    case 'run':
      await withDataSource(async (ds) => {
        const applied = await runMigrationsLocked(ds);
        console.log(
          applied.length
            ? `Applied: ${applied.map((m) => m.name).join(', ')}`
            : 'No pending migrations.',
        );
      });
      return;
    case 'revert':
      await withDataSource(async (ds) => {
        await ds.undoLastMigration({ transaction: 'each' });
        console.log('Reverted the last migration.');
      });
      return;
    case 'check':
      await withDataSource(async (ds) => {
        const pending = await ds.showMigrations();
        if (pending)
          throw new Error('There are pending migrations: run npm run migration:run first.');
        const diff = await schemaDiff(ds);
        if (diff.up.length > 0) {
          console.error('The entities and the migrations disagree. Missing from the migrations:');
          for (const q of diff.up) console.error(`  ${q};`);
          process.exitCode = 1;
          return;
        }
        console.log('Schema matches the entities.');
      });
      return;
    case 'generate': {
      if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
        throw new Error('Usage: npm run migration:generate -- <PascalCaseName>');
      }
      await withDataSource(async (ds) => {
        await runMigrationsLocked(ds);
        const diff = await schemaDiff(ds);
        if (diff.up.length === 0) {
          console.log('No changes: the migrations already match the entities.');
          return;
        }
        const timestamp = Date.now();
        const file = join(__dirname, '..', '..', 'migrations', `${timestamp}-${name}.ts`);
        const body = (queries: string[]) =>
          queries.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
        writeFileSync(
          file,
          `import { MigrationInterface, QueryRunner } from 'typeorm';\n\n` +
            `export class ${name}${timestamp} implements MigrationInterface {\n` +
            `  name = '${name}${timestamp}';\n\n` +
            `  public async up(queryRunner: QueryRunner): Promise<void> {\n${body(diff.up)}\n  }\n\n` +
            `  public async down(queryRunner: QueryRunner): Promise<void> {\n${body(diff.down)}\n  }\n}\n`,
        );
        console.log(`Wrote ${file}`);
      });
      return;
    }
    default:
      throw new Error('Usage: migrate.ts run | revert | check | generate <Name>');
  }
}

main().catch((error: unknown) => {
  console.error(`Migration failed: ${describeError(error)}`);
  process.exit(1);
});

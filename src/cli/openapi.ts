import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from '../app.module';
import { applyGlobalPrefix } from '../common/http/global-prefix';
import { buildOpenApiDocument } from '../common/http/openapi';
import { sortKeysDeep } from '../common/http/sort-keys-deep';

/**
 * npm run openapi [-- --check]: writes openapi.json (keys sorted, so diffs are stable) from
 * the controllers, without a database (preview mode instantiates no provider).
 * With --check, fails when the committed file differs instead of writing it.
 */
async function main(): Promise<void> {
  const app = await NestFactory.create(AppModule, {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  applyGlobalPrefix(app);
  const document = sortKeysDeep(buildOpenApiDocument(app));
  await app.close();
  const text = `${JSON.stringify(document, null, 2)}\n`;
  const file = join(__dirname, '..', '..', 'openapi.json');
  if (process.argv.includes('--check')) {
    const { readFileSync, existsSync } = await import('node:fs');
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (committed !== text) {
      console.error('openapi.json is out of date: run npm run openapi and commit the result.');
      process.exit(1);
    }
    console.log('openapi.json is up to date.');
    return;
  }
  writeFileSync(file, text);
  console.log(`Wrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

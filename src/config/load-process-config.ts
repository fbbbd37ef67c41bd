import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppConfig } from './app-config';
import { loadConfig } from './load-config';

/**
 * The configuration of a command-line process, read as the server reads it: `.env` in the
 * working folder first (outside tests, never overriding a variable already set, as
 * @nestjs/config does for the server), then the environment through `loadConfig`.
 */
export function loadProcessConfig(): AppConfig {
  const envFile = resolve(process.cwd(), '.env');
  if (process.env.NODE_ENV !== 'test' && existsSync(envFile)) process.loadEnvFile(envFile);
  return loadConfig(process.env);
}

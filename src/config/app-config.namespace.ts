import { registerAs } from '@nestjs/config';
import { AppConfig } from './app-config';
import { loadConfig } from './load-config';

/**
 * The `app` namespace of @nestjs/config: the validated AppConfig, built once from the
 * environment after `.env` has been read into it.
 */
export const appConfigNamespace = registerAs('app', (): AppConfig => loadConfig(process.env));

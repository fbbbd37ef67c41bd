import { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../src/create-app';

/** The real application on the run's database, initialised but not listening. */
export async function createTestApp(
  env: Record<string, string> = {},
): Promise<NestExpressApplication> {
  const saved: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(env)) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
  try {
    const app = await createApp();
    await app.init();
    return app;
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

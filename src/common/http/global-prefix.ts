import { INestApplication, RequestMethod } from '@nestjs/common';

/** The prefix of every API route. */
export const API_PREFIX = 'api';

/** Everything lives under /api except the health probes (and the docs, served outside Nest routes). */
export function applyGlobalPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
}

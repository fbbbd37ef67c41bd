import { INestApplication, RequestMethod } from '@nestjs/common';

/** Everything lives under /api except the health probes (and the docs, served outside Nest routes). */
export function applyGlobalPrefix(app: INestApplication): void {
  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
}

import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { ClsService } from 'nestjs-cls';
import type { Logger } from 'pino';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';
import { ValidationFailedError } from '../errors/validation-failed.error';
import { flattenValidationErrors } from '../errors/flatten-validation-errors';
import { APP_LOGGER } from '../logging/app-logger.token';
import { logRequestLines } from '../logging/request-log-lines';
import type { RequestContextStore } from '../request-context/request-context';
import { openRequestContext } from '../request-context/request-context-setup';
import { API_PREFIX, applyGlobalPrefix } from './global-prefix';
import { setupSwagger } from './openapi';
import { noStore } from './no-store';
import { precomputedHeaders } from './precomputed-headers';
import { bodyParsers } from './body-parsers';
import { StringParamsValidationPipe } from './string-params-validation.pipe';
import { UnsafeInputPipe } from './unsafe-input.pipe';

// helmet's headers do not depend on the request here (fixed directives): worked out once, set
// in one step per request (precomputedHeaders), the same headers as helmet's own middleware.
const API_CSP = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  crossOriginResourcePolicy: { policy: 'same-site' },
});
// Swagger UI needs its own scripts, styles and data: images; only /docs gets this policy.
const DOCS_CSP = helmet({
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
});

/** Everything main.ts and the tests share: prefix, pipes, security middleware, docs. */
export function configureApp(app: NestExpressApplication): INestApplication {
  const config = app.get<AppConfig>(APP_CONFIG);
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // Entity tags are the API's own, on single resources only (common/http conditional requests);
  // Express's automatic weak tags on every other body (lists, errors) would be undocumented.
  app.set('etag', false);
  // First of all, so that every response (unknown routes and parser errors included) has an id
  // and runs in its request context.
  app.use(openRequestContext(app.get<ClsService<RequestContextStore>>(ClsService)));
  app.use(logRequestLines(app.get<Logger>(APP_LOGGER), config.logLevel));
  const apiHeaders = precomputedHeaders(API_CSP);
  const docsHeaders = precomputedHeaders(DOCS_CSP);
  app.use((req: Request, res: Response, next: NextFunction) =>
    req.path === '/docs' || req.path.startsWith('/docs/')
      ? docsHeaders(req, res, next)
      : apiHeaders(req, res, next),
  );
  app.use(noStore);
  app.enableCors({
    origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
    credentials: true,
    exposedHeaders: [
      'x-request-id',
      'retry-after',
      'location',
      'content-disposition',
      'etag',
      'link',
    ],
  });
  app.use(...bodyParsers(config.bodyLimit));
  // Only the auth routes read cookies (the refresh token and its CSRF pair).
  app.use(`/${API_PREFIX}/auth`, cookieParser());
  applyGlobalPrefix(app);
  app.useGlobalPipes(
    new UnsafeInputPipe(),
    new StringParamsValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
    }),
  );
  setupSwagger(app);
  return app;
}

import type { NextFunction, Request, Response } from 'express';

/** Swagger UI and the OpenAPI document: public, the same for everyone, fine to cache. */
export function isDocsPath(path: string): boolean {
  return path === '/docs' || path.startsWith('/docs/');
}

/**
 * `Cache-Control: no-store` on every response but the docs: API responses carry personal data
 * or tokens (and the rest, health and errors, is never worth caching), so neither the browser
 * nor a shared cache may keep a copy. Set before routing, so errors from guards, parsers and
 * unknown routes carry it too.
 */
export function noStore(req: Request, res: Response, next: NextFunction): void {
  if (!isDocsPath(req.path)) res.setHeader('Cache-Control', 'no-store');
  next();
}

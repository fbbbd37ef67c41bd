import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { json, urlencoded } from 'express';
import { BadRequestError, PayloadTooLargeError } from '../errors/common.errors';

class MalformedBodyError extends BadRequestError {
  override readonly code = 'malformed_json';
}

/** Parser errors become domain errors here, so the problem filter words them, not the parser. */
function guarded(parser: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    parser(req, res, (error?: unknown) => {
      if (!error) return next();
      const type = (error as { type?: string }).type;
      if (type === 'entity.too.large') {
        return next(
          new PayloadTooLargeError('The request body is larger than the server accepts.'),
        );
      }
      if (type === 'entity.parse.failed')
        return next(new MalformedBodyError('The request body is not valid JSON.'));
      next(error);
    });
  };
}

export function bodyParsers(limit: string): RequestHandler[] {
  return [guarded(json({ limit })), guarded(urlencoded({ limit, extended: false }))];
}

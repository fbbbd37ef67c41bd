import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { raw } from 'express';
import { DomainError } from '../errors/domain-error';
import {
  BadRequestError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from '../errors/common.errors';
import { ValidationFailedError } from '../errors/validation-failed.error';
import { exceedsJsonNesting } from './json-nesting';
import { findUnsafeInput } from './unsafe-input';

/** Objects and arrays nested deeper than this are refused before the body is parsed. */
export const MAX_JSON_DEPTH = 32;

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPES = ['application/json', 'application/*+json'];
/** Compressed bodies the server inflates (within BODY_LIMIT, counted after inflating). */
const CONTENT_ENCODINGS = new Set(['identity', 'gzip', 'deflate']);

class MalformedBodyError extends BadRequestError {
  override readonly code = 'malformed_json';
}

class BodyTooDeepError extends BadRequestError {
  override readonly code = 'body_too_deep';
}

class UndecodableBodyError extends BadRequestError {
  override readonly code = 'malformed_body';
}

function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length'] ?? 0);
  return !Number.isFinite(length) || length > 0;
}

/** The `charset` parameter of the Content-Type, lower-cased, if any. */
function charsetOf(contentType: string): string | undefined {
  for (const parameter of contentType.split(';').slice(1)) {
    const [name, ...rest] = parameter.split('=');
    if (name.trim().toLowerCase() === 'charset') {
      return rest.join('=').trim().replace(/^"|"$/g, '').toLowerCase();
    }
  }
  return undefined;
}

/**
 * Decides from the headers alone, before a byte is read: a body on POST, PUT or PATCH must be
 * JSON in UTF-8 (or multipart, which only the upload route reads), without a content encoding
 * the server does not inflate. Everything else is a 415. Bodies of other methods are not read.
 */
function checkHeaders(req: Request, _res: Response, next: NextFunction): void {
  if (!METHODS_WITH_BODY.has(req.method) || !hasBody(req)) return next();
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (!CONTENT_ENCODINGS.has(encoding)) {
    return next(
      new UnsupportedMediaTypeError(
        `Content-Encoding ${encoding} is not supported; send the body uncompressed, or gzip or deflate.`,
      ),
    );
  }
  const contentType = req.headers['content-type'] ?? '';
  if (req.is(JSON_TYPES)) {
    const charset = charsetOf(contentType);
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      return next(
        new UnsupportedMediaTypeError(
          `JSON must be UTF-8; charset=${charset.slice(0, 40)} is not supported.`,
        ),
      );
    }
    return next();
  }
  if (req.is('multipart/form-data') && encoding === 'identity') return next();
  return next(
    new UnsupportedMediaTypeError(
      contentType === ''
        ? 'A request body needs Content-Type: application/json.'
        : 'The request body must be application/json (multipart/form-data for file uploads).',
    ),
  );
}

/** Which bodies the JSON reader takes: those of POST, PUT and PATCH with a JSON type. */
function isJsonBody(req: unknown): boolean {
  const request = req as Request;
  return METHODS_WITH_BODY.has(request.method) && Boolean(request.is(JSON_TYPES));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses the raw JSON body: depth first (one scan of the bytes), then strict UTF-8, then
 * JSON.parse, then a walk that refuses control characters and prototype keys, each with a
 * 400 that names the field.
 */
function parseJson(maxDepth: number): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const bytes: unknown = req.body;
    if (!Buffer.isBuffer(bytes)) return next();
    if (exceedsJsonNesting(bytes, maxDepth)) {
      req.body = undefined;
      return next(
        new BodyTooDeepError(
          `The request body nests objects or arrays more than ${maxDepth} levels deep.`,
        ),
      );
    }
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      req.body = undefined;
      return next(new UndecodableBodyError('The request body is not valid UTF-8.'));
    }
    let parsed: unknown;
    try {
      parsed = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      req.body = undefined;
      return next(new MalformedBodyError('The request body is not valid JSON.'));
    }
    if (typeof parsed !== 'object' || parsed === null) {
      req.body = undefined;
      return next(new MalformedBodyError('The request body must be a JSON object or array.'));
    }
    const unsafe = findUnsafeInput(parsed);
    if (unsafe) {
      req.body = undefined;
      return next(new ValidationFailedError([unsafe]));
    }
    req.body = parsed;
    next();
  };
}

/** Errors of the body reader (size, inflating, a client gone) become problems, never a 500. */
function guarded(parser: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    parser(req, res, (error?: unknown) => {
      if (!error || error instanceof DomainError) return next(error);
      const status = (error as { status?: unknown }).status;
      if (status === 413) {
        return next(
          new PayloadTooLargeError('The request body is larger than the server accepts.'),
        );
      }
      if (status === 415) {
        return next(new UnsupportedMediaTypeError('The request body encoding is not supported.'));
      }
      next(
        new UndecodableBodyError(
          'The request body could not be read (a corrupt compressed body, or a body cut short).',
        ),
      );
    });
  };
}

/** The body handling of every route: header checks, then JSON within `limit` and the depth. */
export function bodyParsers(limit: string, maxDepth = MAX_JSON_DEPTH): RequestHandler[] {
  return [
    checkHeaders,
    guarded(raw({ type: isJsonBody, limit, inflate: true })),
    parseJson(maxDepth),
  ];
}

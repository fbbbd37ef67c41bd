import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  makeApiSpec,
  makeResponse,
  type OpenApiSpec,
  type OpenAPISpecObject,
  type RawResponse,
} from 'openapi-validator';
import request from 'supertest';

/**
 * Every response an HTTP test receives through supertest is checked against the committed
 * openapi.json: its status must be documented for the operation and its body must match the
 * schema. A test therefore fails when the document drifts from the behaviour. Responses to
 * routes the document does not have (unknown URLs, /docs itself) are not checked.
 */
const document = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8'),
) as OpenAPISpecObject;
const spec: OpenApiSpec = makeApiSpec(document);

/**
 * The validator checks a body against a response's first media type only (application/json,
 * keys being sorted). A response of another type (e.g. text/csv) is checked against a copy of
 * the document whose responses keep just that media type where they document it.
 */
const specsByMediaType = new Map<string, OpenApiSpec>();

function onlyMediaType(mediaType: string): OpenAPISpecObject {
  const copy = structuredClone(document);
  type Responses = Record<string, { content?: Record<string, unknown> }>;
  const paths = (copy as { paths?: Record<string, Record<string, { responses?: Responses }>> })
    .paths;
  for (const item of Object.values(paths ?? {})) {
    for (const operation of Object.values(item)) {
      for (const response of Object.values(operation.responses ?? {})) {
        const content = response.content?.[mediaType];
        if (content) response.content = { [mediaType]: content };
      }
    }
  }
  return copy;
}

function specFor(res: request.Response): OpenApiSpec {
  const header = res.headers['content-type'] as string | undefined;
  const mediaType = (header ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType === '' || mediaType === 'application/json' || mediaType.endsWith('+json')) {
    return spec;
  }
  let typed = specsByMediaType.get(mediaType);
  if (!typed) {
    typed = makeApiSpec(onlyMediaType(mediaType));
    specsByMediaType.set(mediaType, typed);
  }
  return typed;
}

type EndCallback = (err: Error | null, res: request.Response) => void;
const TestPrototype = request.Test.prototype as unknown as { end(fn?: EndCallback): unknown };
const originalEnd = TestPrototype.end;

function documentedPath(res: request.Response): boolean {
  try {
    spec.findOpenApiPathMatchingRequest(makeResponse(res as unknown as RawResponse).req);
    return true;
  } catch {
    return false;
  }
}

TestPrototype.end = function end(this: unknown, fn?: EndCallback) {
  return originalEnd.call(this, (err: Error | null, res: request.Response) => {
    if (!err && res && documentedPath(res)) {
      const problem = specFor(res).validateResponse(makeResponse(res as unknown as RawResponse));
      if (problem) {
        const { method, path } = (res as unknown as { req: { method: string; path: string } }).req;
        err = new Error(
          `Response does not match openapi.json for ${method} ${path} → ${res.status}: ${problem.message}\n` +
            JSON.stringify(problem, null, 2).slice(0, 2000),
        );
      }
    }
    fn?.(err, res);
  });
};

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
      const problem = spec.validateResponse(makeResponse(res as unknown as RawResponse));
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

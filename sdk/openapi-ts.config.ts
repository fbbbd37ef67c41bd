import { defineConfig } from '@hey-api/openapi-ts';
import { join } from 'node:path';

type Json = Record<string, unknown>;
type Media = Record<string, { schema?: Json; example?: Json; examples?: Record<string, Json> }>;
type Operation = { responses?: Record<string, { content?: Media }> };

const SUCCESS = /^2\d\d$/;
const ERROR = /^[45]\d\d$/;

/**
 * A success answered in several media types (the export: JSON or CSV) is typed as the union of
 * their bodies, not as the first one: `Array<StudentResponseDto> | string`. The parser still
 * reads the body by the Content-Type the server sends.
 */
function unionOfMediaTypes(operation: Operation): void {
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    const media = Object.values(response.content ?? {});
    if (!SUCCESS.test(status) || media.length < 2) continue;
    const schemas = media.map((m) => m.schema).filter((s): s is Json => s !== undefined);
    response.content = { 'application/json': { schema: { oneOf: schemas } } };
  }
}

/** Every problem code the document's error examples show, for the `ProblemCode` type. */
function problemCodes(spec: Json): string[] {
  const codes = new Set<string>();
  for (const item of Object.values((spec.paths ?? {}) as Record<string, Json>)) {
    for (const operation of Object.values(item) as Operation[]) {
      for (const [status, response] of Object.entries(operation?.responses ?? {})) {
        if (!ERROR.test(status)) continue;
        for (const media of Object.values(response.content ?? {})) {
          const values = [
            media.example,
            ...Object.values(media.examples ?? {}).map((e) => e.value),
          ];
          for (const value of values) {
            const code = (value as Json | undefined)?.code;
            if (typeof code === 'string') codes.add(code);
          }
        }
      }
    }
  }
  return [...codes].sort();
}

/** `npm run sdk` at the repository root: the client in sdk/src/generated from openapi.json. */
export default defineConfig({
  input: join(__dirname, '..', 'openapi.json'),
  output: { path: join(__dirname, 'src', 'generated'), module: { extension: '.js' } },
  logs: { file: false },
  parser: {
    patch: {
      input: (spec) => {
        const document = spec as unknown as Json & { components?: { schemas?: Json } };
        document.components ??= {};
        document.components.schemas ??= {};
        document.components.schemas.ProblemCode = {
          type: 'string',
          enum: problemCodes(document),
          description:
            'The problem codes this version of the API documents; a newer server may send others.',
        };
      },
      operations: (_method, _path, operation) => unionOfMediaTypes(operation as Operation),
    },
  },
  plugins: ['@hey-api/client-fetch'],
});

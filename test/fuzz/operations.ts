import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A JSON Schema object of the OpenAPI document, as far as the generators read it. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: Schema;
}

export interface Operation {
  /** `POST /api/auth/login` */
  key: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  roles: string[];
  parameters: Parameter[];
  /** The media type of the request body and its (resolved) schema, when the operation has one. */
  body?: { mediaType: string; schema: Schema };
}

interface RawOperation {
  'x-roles'?: string[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export interface OpenApiDocument {
  paths: Record<string, Partial<Record<(typeof METHODS)[number], RawOperation>>>;
  components: { schemas: Record<string, Schema> };
}

/** The committed openapi.json: the contract the suite attacks. */
export function loadDocument(): OpenApiDocument {
  return JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8'),
  ) as OpenApiDocument;
}

/** Follows `$ref`, and the single-member `allOf` and nullable `anyOf` wrappers Swagger writes. */
export function resolve(doc: OpenApiDocument, schema: Schema | undefined): Schema {
  let current: Schema = schema ?? {};
  for (let i = 0; i < 20; i += 1) {
    if (current.$ref) {
      const name = current.$ref.replace('#/components/schemas/', '');
      current = { ...doc.components.schemas[name], ...withoutRef(current) };
    } else if (current.allOf?.length === 1 && !current.type) {
      current = { ...current.allOf[0], ...withoutKey(current, 'allOf') };
    } else if ((current.anyOf ?? current.oneOf) && !current.type) {
      const options = (current.anyOf ?? current.oneOf)!;
      const first = options.find((o) => !(o.enum?.length === 1 && o.enum[0] === null)) ?? {};
      current = { ...first, ...withoutKey(withoutKey(current, 'anyOf'), 'oneOf') };
    } else {
      return current;
    }
  }
  return current;
}

function withoutRef(schema: Schema): Schema {
  return withoutKey(schema, '$ref');
}

function withoutKey(schema: Schema, key: keyof Schema): Schema {
  const copy = { ...schema };
  delete copy[key];
  return copy;
}

/** Every operation of the document with its roles, parameters and request body. */
export function listOperations(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method): Operation => {
      const raw = item[method]!;
      const content = raw.requestBody?.content ?? {};
      const mediaType = Object.keys(content)[0];
      return {
        key: `${method.toUpperCase()} ${path}`,
        method,
        path,
        roles: raw['x-roles'] ?? [],
        parameters: raw.parameters ?? [],
        body: mediaType
          ? { mediaType, schema: resolve(doc, content[mediaType].schema) }
          : undefined,
      };
    }),
  );
}

/**
 * A plausible, well-formed value for a schema (its example, first enum value or a value of its
 * type), so that one mutation of it is what the server has to refuse.
 */
export function plausibleValue(doc: OpenApiDocument, raw: Schema | undefined, depth = 0): unknown {
  const schema = resolve(doc, raw);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum.find((v) => v !== null) ?? null;
  if (schema.default !== undefined) return schema.default;
  switch (schema.type) {
    case 'object':
      return depth > 4 ? {} : plausibleObject(doc, schema, depth + 1);
    case 'array':
      return depth > 4 ? [] : [plausibleValue(doc, schema.items, depth + 1)];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'email') return `fuzz-${randomUUID()}@example.com`;
      if (schema.format === 'date-time') return new Date().toISOString();
      if (schema.format === 'date') return new Date().toISOString().slice(0, 10);
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    case undefined:
    default:
      return schema.properties ? plausibleObject(doc, schema, depth + 1) : 'x';
  }
}

function plausibleObject(doc: OpenApiDocument, schema: Schema, depth: number) {
  const out: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    out[name] = plausibleValue(doc, property, depth);
  }
  return out;
}

/** A well-formed value for a path parameter naming nothing that exists. */
export function absentPathValue(name: string): string {
  if (name === 'student_id') return 'STU99999999';
  if (name === 'version') return 'v-unknown';
  if (name === 'factor') return 'hours_studied';
  return randomUUID();
}

/** The operation's path with every parameter filled by `values` or an absent value. */
export function concretePath(op: Operation, values: Record<string, string> = {}): string {
  return op.path.replace(/\{([^}]+)\}/g, (_m, name: string) =>
    name in values ? values[name] : encodeURIComponent(absentPathValue(name)),
  );
}

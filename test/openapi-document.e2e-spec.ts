import { INestApplication } from '@nestjs/common';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { ROLES } from '../src/common/auth/role';
import { DomainError } from '../src/common/errors/domain-error';
import { HTTP_STATUS_PROBLEMS } from '../src/common/http/http-status-codes';
import { sortKeysDeep } from '../src/common/http/sort-keys-deep';
import { useHttpApp } from './helpers/http-app';

/**
 * The OpenAPI document is complete: the committed openapi.json is the one the app serves, and
 * every operation has a summary, a description stating its roles, its security, its error
 * responses as problem+json, schemas for its answers, and examples that fit their schemas.
 */

// The document is walked as plain JSON, whatever its shape at each point.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
interface Operation {
  method: string;
  path: string;
  op: Json;
}

const PROBLEM = 'application/problem+json';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function operationsOf(document: Json): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<Json>(document.paths)) {
    for (const method of HTTP_METHODS) {
      if (item[method]) out.push({ method: method.toUpperCase(), path, op: item[method] });
    }
  }
  return out;
}

/** An OpenAPI 3.0 schema as JSON Schema: `nullable` becomes a null alternative, refs point home. */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const { nullable, example: _example, ...rest } = schema as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key === '$ref' && typeof value === 'string') out.$ref = `openapi${value}`;
    else if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries<unknown>(value as Json).map(([name, s]) => [name, toJsonSchema(s)]),
      );
    } else if (key.startsWith('x-')) continue;
    else out[key] = toJsonSchema(value);
  }
  return nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

interface Example {
  where: string;
  value: unknown;
  schema: Json;
}

/** Every `example` inside a schema tree, with the schema it belongs to. */
function schemaExamples(schema: Json | undefined, where: string, into: Example[]): void {
  if (!schema || typeof schema !== 'object') return;
  if (schema.example !== undefined) into.push({ where, value: schema.example, schema });
  for (const [name, property] of Object.entries<Json>(schema.properties ?? {})) {
    schemaExamples(property, `${where}.${name}`, into);
  }
  if (schema.items) schemaExamples(schema.items, `${where}[]`, into);
  if (typeof schema.additionalProperties === 'object') {
    schemaExamples(schema.additionalProperties, `${where}{}`, into);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    (schema[key] as Json[] | undefined)?.forEach((s, i) =>
      schemaExamples(s, `${where}.${key}[${i}]`, into),
    );
  }
}

function mediaExamples(content: Json | undefined, where: string, into: Example[]): void {
  for (const [type, media] of Object.entries<Json>(content ?? {})) {
    if (media.example !== undefined && media.schema) {
      into.push({ where: `${where} ${type}`, value: media.example, schema: media.schema });
    }
    for (const [name, example] of Object.entries<Json>(media.examples ?? {})) {
      into.push({
        where: `${where} ${type} (${name})`,
        value: example.value,
        schema: media.schema,
      });
    }
    schemaExamples(media.schema, `${where} ${type}`, into);
  }
}

function allExamples(document: Json): Example[] {
  const into: Example[] = [];
  for (const [name, schema] of Object.entries<Json>(document.components.schemas)) {
    schemaExamples(schema, name, into);
  }
  for (const { method, path, op } of operationsOf(document)) {
    const at = `${method} ${path}`;
    for (const parameter of (op.parameters ?? []) as Json[]) {
      if (parameter.example !== undefined) {
        into.push({
          where: `${at} ${parameter.name}`,
          value: parameter.example,
          schema: parameter.schema,
        });
      }
      schemaExamples(parameter.schema, `${at} ${parameter.name}`, into);
    }
    mediaExamples(op.requestBody?.content, `${at} body`, into);
    for (const [status, response] of Object.entries<Json>(op.responses)) {
      mediaExamples(response.content, `${at} ${status}`, into);
      for (const [header, h] of Object.entries<Json>(response.headers ?? {})) {
        schemaExamples(h.schema, `${at} ${status} ${header}`, into);
      }
    }
  }
  return into;
}

/** Leaf properties (not themselves objects of a named schema) of the schemas clients see. */
function propertiesWithoutExample(document: Json): string[] {
  const schemas = document.components.schemas as Record<string, Json>;
  const isNamedEnum = (ref: string | undefined) =>
    ref !== undefined && schemas[ref.split('/').pop()!]?.enum !== undefined;
  const missing: string[] = [];
  for (const [name, schema] of Object.entries(schemas)) {
    if (schema.enum) continue;
    for (const [key, p] of Object.entries<Json>(schema.properties ?? {})) {
      const refs: (string | undefined)[] = [
        p.$ref,
        p.items?.$ref,
        ...(p.allOf ?? []).map((s: Json) => s.$ref),
      ];
      const nested = refs.some((ref) => ref !== undefined && !isNamedEnum(ref));
      if (!nested && p.example === undefined && p.default === undefined)
        missing.push(`${name}.${key}`);
    }
  }
  return missing;
}

/**
 * The codes the API really answers with, by status: every DomainError the modules declare
 * (constructed as the services do), the codes the global filter gives framework errors and a
 * lost database, and those the body parser answers (asked of the live app).
 */
async function realProblemCodes(app: INestApplication): Promise<Map<number, Set<string>>> {
  const codes = new Map<number, Set<string>>();
  const add = (status: number, code: string) => {
    if (!codes.has(status)) codes.set(status, new Set());
    codes.get(status)!.add(code);
  };
  const src = join(__dirname, '..', 'src');
  const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) =>
    /(\.errors|\.error)\.ts$/.test(f),
  );
  for (const file of files) {
    for (const exported of Object.values((await import(join(src, file))) as Json)) {
      if (typeof exported !== 'function' || !(exported.prototype instanceof DomainError)) continue;
      let error: DomainError | undefined;
      for (const args of [['x', 1, 1], [['x']]]) {
        try {
          error = Reflect.construct(exported, args) as DomainError;
          break;
        } catch {
          // The next shape of arguments.
        }
      }
      if (!error) throw new Error(`cannot construct ${exported.name}`);
      add(error.status, error.code);
    }
  }
  for (const [status, { code }] of Object.entries(HTTP_STATUS_PROBLEMS)) add(Number(status), code);
  add(503, 'database_unavailable');
  const server = app.getHttpServer();
  const json = { 'content-type': 'application/json' };
  const bodies = [
    '{"email":',
    `${'['.repeat(40)}${']'.repeat(40)}`,
    Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]),
  ];
  for (const body of bodies) {
    const res = await request(server).post('/api/auth/login').set(json).send(body);
    add(res.status, String(res.body.code));
  }
  return codes;
}

interface ProblemExample {
  where: string;
  name?: string;
  value: Json;
}

/** The examples of every documented error response, and the responses that have none. */
function problemExamples(document: Json): { examples: ProblemExample[]; missing: string[] } {
  const examples: ProblemExample[] = [];
  const missing: string[] = [];
  for (const { method, path, op } of operationsOf(document)) {
    for (const [status, response] of Object.entries<Json>(op.responses)) {
      if (!/^[45]/.test(status)) continue;
      const media = (response.content?.[PROBLEM] ?? {}) as Json;
      const where = `${method} ${path} ${status}`;
      if (media.example !== undefined) examples.push({ where, value: media.example });
      for (const [name, example] of Object.entries<Json>(media.examples ?? {})) {
        examples.push({ where, name, value: example.value });
      }
      if (media.example === undefined && !media.examples) missing.push(where);
    }
  }
  return { examples, missing };
}

/** What is wrong with the error examples: a status or code that does not fit its response. */
function problemExampleMismatches(document: Json, real: Map<number, Set<string>>): string[] {
  const { examples, missing } = problemExamples(document);
  const wrong = missing.map((where) => `${where}: no example`);
  for (const { where, name, value } of examples) {
    const status = Number(where.split(' ').pop());
    const code = String(value.code);
    if (value.status !== status) wrong.push(`${where}: example of status ${value.status}`);
    if (!real.get(status)?.has(code)) wrong.push(`${where}: ${code} is not a code of ${status}`);
    if (value.type !== `urn:problem:${code.replace(/_/g, '-')}`) wrong.push(`${where}: type`);
    if (name !== undefined && name !== code) wrong.push(`${where}: example ${name} shows ${code}`);
  }
  return wrong;
}

/** Query parameters Swagger UI's "Try it out" would fill in and send: any with an example. */
function prefilledQueryParameters(document: Json): string[] {
  const filled: string[] = [];
  for (const { method, path, op } of operationsOf(document)) {
    for (const p of (op.parameters ?? []) as Json[]) {
      if (p.in !== 'query') continue;
      const holders = [p, p.schema, p.schema?.items, ...((p.schema?.allOf ?? []) as Json[])];
      if (holders.some((h) => h && (h.example !== undefined || h.examples !== undefined))) {
        filled.push(`${method} ${path} ${p.name}`);
      }
    }
  }
  return filled;
}

describe('OpenAPI document', () => {
  const api = useHttpApp();
  let live: Json;
  const committed = JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8')) as Json;

  beforeAll(async () => {
    const res = await api.http().get('/docs/openapi.json').expect(200);
    live = res.body as Json;
  });

  it('the committed openapi.json is the document the app serves (npm run openapi)', () => {
    expect(committed).toEqual(sortKeysDeep(live));
    expect(JSON.stringify(committed)).toBe(JSON.stringify(sortKeysDeep(committed)));
  });

  it('every operation has a summary, a description and an operation id, and a declared tag', () => {
    const tags = new Map<string, string>(
      (live.tags as Json[]).map((t) => [t.name as string, t.description as string]),
    );
    const problems: string[] = [];
    for (const { method, path, op } of operationsOf(live)) {
      const at = `${method} ${path}`;
      if (typeof op.summary !== 'string' || op.summary.trim().length < 5)
        problems.push(`${at}: summary`);
      if (typeof op.description !== 'string' || op.description.trim().length < 20) {
        problems.push(`${at}: description`);
      }
      if (!op.operationId) problems.push(`${at}: operationId`);
      if (!op.tags?.length) problems.push(`${at}: no tag`);
      for (const tag of (op.tags ?? []) as string[]) {
        if (!tags.get(tag)) problems.push(`${at}: tag ${tag} is not declared with a description`);
      }
    }
    expect(problems).toEqual([]);
    const ids = operationsOf(live).map(({ op }) => op.operationId as string);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every operation states its roles (x-roles and the description) and matching security', () => {
    const problems: string[] = [];
    for (const { method, path, op } of operationsOf(live)) {
      const at = `${method} ${path}`;
      const roles = op['x-roles'] as string[] | undefined;
      const description = String(op.description ?? '');
      if (!roles?.length) {
        problems.push(`${at}: no x-roles`);
        continue;
      }
      if (roles.includes('public')) {
        if (roles.length !== 1) problems.push(`${at}: public and roles`);
        if (!/\bpublic\b/i.test(description))
          problems.push(`${at}: description does not say Public`);
        // A public route may take an optional token (e.g. register, refresh), never require one.
        if (!op.security?.some((s: Json) => Object.keys(s).length === 0)) {
          problems.push(`${at}: public but requires ${JSON.stringify(op.security)}`);
        }
        continue;
      }
      for (const role of roles) {
        if (!(ROLES as readonly string[]).includes(role))
          problems.push(`${at}: unknown role ${role}`);
      }
      const allRoles = ROLES.every((r) => roles.includes(r)) && /\ball roles\b/i.test(description);
      for (const role of roles) {
        if (!allRoles && !new RegExp(`\\b${role}`, 'i').test(description)) {
          problems.push(`${at}: description does not name ${role}`);
        }
      }
      expect({ at, security: op.security }).toEqual({ at, security: [{ bearer: [] }] });
      for (const status of ['401', '403']) {
        if (!op.responses[status]?.content?.[PROBLEM]) problems.push(`${at}: no ${status} problem`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every error response is problem+json, and inputs document 400 or 404', () => {
    const problems: string[] = [];
    for (const { method, path, op } of operationsOf(live)) {
      const at = `${method} ${path}`;
      for (const [status, response] of Object.entries<Json>(op.responses)) {
        if (!/^[45]/.test(status)) continue;
        const types = Object.keys(response.content ?? {});
        if (types.join() !== PROBLEM)
          problems.push(`${at} ${status}: ${types.join() || 'no content'}`);
        else if (!/Problem(Response)?Dto$/.test(response.content[PROBLEM].schema?.$ref ?? '')) {
          problems.push(`${at} ${status}: not a problem schema`);
        }
      }
      const parameters = (op.parameters ?? []) as Json[];
      if (op.requestBody && !op.responses['400']) problems.push(`${at}: body without 400`);
      if (parameters.some((p) => p.in === 'path') && !op.responses['404'] && !op.responses['400']) {
        problems.push(`${at}: path parameter without 404/400`);
      }
      if (parameters.some((p) => p.in === 'query') && !op.responses['400']) {
        problems.push(`${at}: query parameters without 400`);
      }
      for (const [status, response] of Object.entries<Json>(op.responses)) {
        if (!status.startsWith('2')) continue;
        for (const [type, media] of Object.entries<Json>(response.content ?? {})) {
          if (!media.schema) problems.push(`${at} ${status} ${type}: no schema`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('enums are named schemas and list responses are { data, meta: PageMetaDto }', () => {
    const inline: string[] = [];
    const walk = (value: unknown, where: string): void => {
      if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${where}/${i}`));
      if (value === null || typeof value !== 'object') return;
      const v = value as Json;
      // Only the null alternative of a nullable named enum is written in place.
      const nullOnly = Array.isArray(v.enum) && v.enum.length === 1 && v.enum[0] === null;
      if (Array.isArray(v.enum) && !nullOnly && !/^\/components\/schemas\/[^/]+$/.test(where)) {
        inline.push(where);
      }
      for (const [key, child] of Object.entries(v)) walk(child, `${where}/${key}`);
    };
    walk(live, '');
    expect(inline).toEqual([]);

    // Every paged list (it takes per_page) answers { data: Item[], meta: PageMetaDto }.
    const schemas = live.components.schemas as Record<string, Json>;
    const paged = operationsOf(live).filter(({ op }) =>
      ((op.parameters ?? []) as Json[]).some((p) => p.name === 'per_page' && p.in === 'query'),
    );
    expect(paged.length).toBeGreaterThan(5);
    for (const { method, path, op } of paged) {
      let schema = op.responses['200']?.content?.['application/json']?.schema as Json | undefined;
      if (schema?.$ref) schema = schemas[String(schema.$ref).split('/').pop()!];
      expect({
        at: `${method} ${path}`,
        meta: schema?.properties?.meta,
        data: schema?.properties?.data?.type,
        item: String(schema?.properties?.data?.items?.$ref ?? ''),
        required: schema?.required,
      }).toEqual({
        at: `${method} ${path}`,
        meta: { $ref: '#/components/schemas/PageMetaDto' },
        data: 'array',
        item: expect.stringMatching(/^#\/components\/schemas\//),
        required: expect.arrayContaining(['data', 'meta']),
      });
    }
  });

  it('every example fits its schema, and the schemas clients see have examples', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    for (const format of ['int32', 'int64', 'float', 'double', 'binary', 'byte', 'password']) {
      ajv.addFormat(format, true);
    }
    ajv.addSchema({ $id: 'openapi', components: toJsonSchema(live.components) });
    const examples = allExamples(live);
    expect(examples.length).toBeGreaterThan(200);
    const problems: string[] = [];
    for (const example of examples) {
      let validate: ValidateFunction;
      try {
        validate = ajv.compile(toJsonSchema(example.schema) as Json);
      } catch (error) {
        problems.push(`${example.where}: ${(error as Error).message}`);
        continue;
      }
      if (!validate(example.value)) {
        problems.push(
          `${example.where}: ${JSON.stringify(example.value)} ${ajv.errorsText(validate.errors)}`,
        );
      }
    }
    expect(problems).toEqual([]);
    expect(propertiesWithoutExample(live)).toEqual([]);
  });

  it('the checker finds a bad example (it can fail)', () => {
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    ajv.addSchema({ $id: 'openapi', components: toJsonSchema(live.components) });
    const level = ajv.compile(
      toJsonSchema({ $ref: '#/components/schemas/Level', nullable: true }) as Json,
    );
    expect(level('Medium')).toBe(true);
    expect(level(null)).toBe(true);
    expect(level('medium')).toBe(false);
    const when = ajv.compile({ type: 'string', format: 'date-time' });
    expect(when('yesterday')).toBe(false);
  });

  it('Swagger UI: "Try it out" sends no query parameter with an example value', () => {
    expect(prefilledQueryParameters(live)).toEqual([]);
    // The example is still documented, in the description.
    const search = (live.paths['/api/students'].get.parameters as Json[]).find(
      (p) => p.name === 'search',
    );
    expect(search?.description).toMatch(/Example: `.+`/);
    // The checker finds a pre-filled one.
    const doctored = structuredClone(live);
    doctored.paths['/api/students'].get.parameters[0].schema.example = 3;
    expect(prefilledQueryParameters(doctored)).toHaveLength(1);
  });

  it('every error response shows examples of its own status with real codes of that status', async () => {
    const real = await realProblemCodes(api.app);
    expect([...(real.get(400) ?? [])]).toEqual(
      expect.arrayContaining(['validation_failed', 'malformed_json', 'body_too_deep']),
    );
    expect(problemExampleMismatches(live, real)).toEqual([]);
    const codesOf = (path: string, method: string, status: string): string[] => {
      const media = live.paths[path][method].responses[status].content[PROBLEM] as Json;
      return media.example ? [media.example.code] : Object.keys(media.examples as Json);
    };
    expect(codesOf('/api/students/{student_id}', 'get', '404')).toEqual(['student_not_found']);
    expect(codesOf('/api/students', 'get', '401')).toEqual(['unauthenticated']);
    expect(codesOf('/api/students', 'get', '403')).toEqual(['forbidden']);
    expect(codesOf('/api/students', 'get', '429')).toEqual(['rate_limited']);
    expect(codesOf('/api/students', 'post', '409')).toEqual(['student_id_taken']);
    expect(codesOf('/api/auth/login', 'post', '503')).toEqual(
      expect.arrayContaining(['server_busy', 'database_unavailable']),
    );
    // The checker finds an example of another status, and a code that does not exist.
    const doctored = structuredClone(live);
    const responses = doctored.paths['/api/students'].get.responses as Json;
    responses['401'].content[PROBLEM].example = responses['400'].content[PROBLEM].example;
    responses['403'].content[PROBLEM].example = {
      ...(responses['403'].content[PROBLEM].example as Json),
      code: 'no_such_code',
      type: 'urn:problem:no-such-code',
    };
    expect(problemExampleMismatches(doctored, real)).toEqual([
      'GET /api/students 401: example of status 400',
      'GET /api/students 401: validation_failed is not a code of 401',
      'GET /api/students 403: no_such_code is not a code of 403',
    ]);
  });

  it('the API version is kept in package.json alone: the document and the SDK follow it', () => {
    const root = join(__dirname, '..');
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Json).version;
    const sdk = JSON.parse(readFileSync(join(root, 'sdk', 'package.json'), 'utf8')) as Json;
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(live.info.version).toBe(version);
    expect(sdk.version).toBe(version);
  });

  it('Swagger UI: tags described, demo users named, the bearer token kept across reloads', async () => {
    for (const tag of live.tags as Json[])
      expect(String(tag.description).length).toBeGreaterThan(10);
    for (const email of ['admin@school.edu', 'teacher1@school.edu', 'student1@school.edu']) {
      expect(live.info.description).toContain(email);
    }
    expect(live.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    const init = await api.http().get('/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toMatch(/"persistAuthorization":\s*true/);
  });
});

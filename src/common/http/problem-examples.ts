import type { OpenAPIObject } from '@nestjs/swagger';
import { HTTP_STATUS_PROBLEMS } from './http-status-codes';
import { PROBLEM_CONTENT_TYPE, problemType } from './problem-details';
import {
  DEFAULT_PROBLEM_CODE,
  NOT_FOUND_CODE_BY_SEGMENT,
  PROBLEM_EXAMPLE_CATALOG,
} from './problem-example-catalog';

type Json = Record<string, unknown>;
interface Operation {
  parameters?: Json[];
  requestBody?: { content?: Record<string, { schema?: Json }> };
  responses?: Record<string, { description?: string; content?: Record<string, Json> }>;
}

const EXAMPLE_REQUEST_ID = '9f1c2d4e-8a7b-4c3d-9e2f-1a2b3c4d5e6f';

/** Codes of a status every route of the API can answer with, whatever its description says. */
function alwaysPossible(status: number, path: string): string[] {
  if (status === 400) return ['validation_failed'];
  if (status === 429) return ['rate_limited'];
  if (status === 503 && !path.startsWith('/health/')) return ['database_unavailable'];
  return [];
}

/**
 * The codes a documented error response stands for: those its description names in backticks
 * or hints at, the "not found" of each resource in the path (404), and the ones every route
 * may answer; else the status's own code.
 */
export function problemCodesFor(status: number, path: string, description: string): string[] {
  const ofStatus = (code: string) => PROBLEM_EXAMPLE_CATALOG[code]?.status === status;
  const named = [...description.matchAll(/`([a-z][a-z_]+)`/g)].map((m) => m[1]).filter(ofStatus);
  const hinted = Object.entries(PROBLEM_EXAMPLE_CATALOG)
    .filter(([, entry]) => entry.status === status && entry.hint?.test(description))
    .map(([code]) => code);
  const segments = path.split('/');
  const resources =
    status === 404
      ? segments
          .map((segment, i) => (/^\{.+\}$/.test(segments[i + 1] ?? '') ? segment : ''))
          .map((segment) => NOT_FOUND_CODE_BY_SEGMENT[segment])
          .filter((code): code is string => code !== undefined)
      : [];
  const codes = [...new Set([...named, ...hinted, ...resources, ...alwaysPossible(status, path)])];
  if (codes.length > 0) return codes;
  if (path.startsWith('/health/') && status === 503) return ['not_ready'];
  return [DEFAULT_PROBLEM_CODE[status] ?? HTTP_STATUS_PROBLEMS[status]?.code ?? 'bad_request'];
}

/** The request path with each path parameter's example (the `instance` of an example). */
function instanceOf(path: string, operation: Operation): string {
  return path.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const parameter = operation.parameters?.find((p) => p.in === 'path' && p.name === name);
    const example = parameter?.example ?? (parameter?.schema as Json | undefined)?.example;
    return typeof example === 'string' || typeof example === 'number' ? String(example) : whole;
  });
}

/** A field a validation example can name: the body's first property, else a parameter. */
function fieldOf(document: OpenAPIObject, operation: Operation): string {
  let schema = Object.values(operation.requestBody?.content ?? {})[0]?.schema;
  const ref = schema?.$ref;
  if (typeof ref === 'string') {
    schema = document.components?.schemas?.[ref.split('/').pop()!] as Json | undefined;
  }
  const required = (schema?.required as string[] | undefined)?.[0];
  const property = Object.keys((schema?.properties as Json | undefined) ?? {})[0];
  const query = operation.parameters?.filter((p) => p.in === 'query').map((p) => String(p.name));
  const perPage = query?.includes('per_page') ? 'per_page' : query?.[0];
  const path = operation.parameters?.find((p) => p.in === 'path')?.name as string | undefined;
  return required ?? property ?? perPage ?? path ?? 'body';
}

function exampleProblem(code: string, status: number, instance: string, field: string): Json {
  const entry = PROBLEM_EXAMPLE_CATALOG[code];
  const errors =
    code === 'validation_failed'
      ? { errors: [{ field, message: `${field} is not valid` }] }
      : undefined;
  return {
    type: problemType(code),
    title: entry?.title ?? HTTP_STATUS_PROBLEMS[status]?.title ?? 'Error',
    status,
    detail: entry?.detail ?? HTTP_STATUS_PROBLEMS[status]?.title ?? 'The request failed.',
    instance,
    code,
    request_id: EXAMPLE_REQUEST_ID,
    ...entry?.extra,
    ...errors,
  };
}

/** The properties a (referenced) problem schema declares. */
function propertiesOf(document: OpenAPIObject, schema: Json | undefined): Set<string> {
  const ref = schema?.$ref;
  const target =
    typeof ref === 'string'
      ? (document.components?.schemas?.[ref.split('/').pop()!] as Json | undefined)
      : schema;
  return new Set(Object.keys((target?.properties as Json | undefined) ?? {}));
}

/** The example without members its schema does not declare (`checks` on a plain problem). */
function onlyProperties(problem: Json, allowed: Set<string>): Json {
  if (allowed.size === 0) return problem;
  return Object.fromEntries(Object.entries(problem).filter(([key]) => allowed.has(key)));
}

/**
 * Every documented error response shows what that status really answers: one example per code
 * it stands for (Swagger UI lists them by code), each with that status and code.
 */
export function declareProblemExamples(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const value of Object.values(item as Record<string, unknown>)) {
      const operation = value as Operation;
      for (const [key, response] of Object.entries(operation?.responses ?? {})) {
        const media = response.content?.[PROBLEM_CONTENT_TYPE];
        if (!/^[45]\d\d$/.test(key) || !media) continue;
        const status = Number(key);
        const instance = instanceOf(path, operation);
        const field = fieldOf(document, operation);
        const allowed = propertiesOf(document, media.schema as Json | undefined);
        const problems = problemCodesFor(status, path, response.description ?? '').map((code) =>
          onlyProperties(exampleProblem(code, status, instance, field), allowed),
        );
        delete media.example;
        delete media.examples;
        if (problems.length === 1) media.example = problems[0];
        else {
          media.examples = Object.fromEntries(
            problems.map((problem) => [problem.code, { summary: problem.code, value: problem }]),
          );
        }
      }
    }
  }
}

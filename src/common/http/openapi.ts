import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { apiEnumDefinitions } from './api-enum';
import { apiVersion } from './api-version';
import { declareProblemExamples } from './problem-examples';
import { moveQueryExamplesToDescriptions } from './query-examples-to-descriptions';
import { PROBLEM_CONTENT_TYPE } from './problem-details';
import { ProblemResponseDto } from './problem-response.dto';

export const API_TAGS: { name: string; description: string }[] = [
  {
    name: 'Auth',
    description:
      'Registration, email verification, login, token refresh, sessions, password reset.',
  },
  { name: 'Users', description: 'Account administration (administrators).' },
  {
    name: 'Students',
    description: 'Student profiles, performance history, recommendations, privacy export.',
  },
  {
    name: 'Predictions',
    description: 'Exam-score predictions with calibrated confidence and explanations.',
  },
  { name: 'Models', description: 'Model versions, model cards, training and activation.' },
  { name: 'Analytics', description: 'Figures over all matching students, computed in SQL.' },
  { name: 'Notifications', description: 'Messages to the current user.' },
  { name: 'Alerts', description: 'Early warnings, alert rules and interventions.' },
  { name: 'Data', description: 'CSV import with validation reports, CSV/JSON export.' },
  { name: 'Audit', description: 'The append-only audit log (administrators).' },
  {
    name: 'Mail outbox',
    description: 'Outgoing mails, their retries and failures (administrators).',
  },
  { name: 'Health', description: 'Liveness and readiness probes.' },
];

const DESCRIPTION = `Early warning for schools: which students are heading for a poor exam result, why, and what
would help. Predictions come from a tree ensemble served as ONNX, with a calibrated confidence, a 90 %
prediction interval and exact per-factor explanations.

**Authentication**: \`POST /api/auth/login\` returns an \`access_token\`; press *Authorize* and paste it
(it is kept across reloads). Access tokens live 15 minutes; \`POST /api/auth/refresh\` renews them.

**Demo users** (when the server seeds demo data, as it does outside production by default):
| email | password | role |
|---|---|---|
| admin@school.edu | Admin123! | administrator |
| teacher1@school.edu, teacher2@school.edu | Teacher123! | teacher |
| student1@school.edu, student2@school.edu | Student123! | student |

**Errors** are RFC 9457 \`application/problem+json\` with a stable \`code\` and the \`request_id\`;
each error response below shows an example for every \`code\` it may carry.
**Try it out** sends only the parameters you fill in: filters start empty (their descriptions give
an example), so a list answers with everything you may see.
**Lists** take \`page\` and \`per_page\` (at most 100) and answer \`{ data, meta }\`.
Each operation states the roles that may call it (also in the \`x-roles\` extension).`;

/** The OpenAPI document: the same for Swagger UI, the committed openapi.json and the SDK. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Student Performance Prediction API')
    .setDescription(DESCRIPTION)
    .setVersion(apiVersion())
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('/', 'This server')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'Access token from /api/auth/login',
      },
      'bearer',
    );
  for (const tag of API_TAGS) builder.addTag(tag.name, tag.description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
  });
  describeNamedEnums(document);
  moveParameterAllOfIntoSchema(document);
  declareDatabaseUnavailable(document);
  declareInputProblems(document);
  declareProblemResponses(document);
  declareProblemExamples(document);
  moveQueryExamplesToDescriptions(document);
  return document;
}

/**
 * Every declared enum becomes a named schema (parameters refer to it by `$ref`), with its own
 * description (the generator would take the first property's) and exactly the declared values.
 */
function describeNamedEnums(document: OpenAPIObject): void {
  document.components ??= {};
  const schemas = (document.components.schemas ??= {});
  for (const [name, definition] of apiEnumDefinitions()) {
    schemas[name] = {
      type: 'string',
      enum: [...definition.values],
      description: definition.description,
    };
  }
  // `nullable` does not reach into `allOf` (OpenAPI 3.0.3): a nullable property referring to a
  // named enum says "the enum or null" explicitly.
  const enumRef = /^#\/components\/schemas\/(.+)$/;
  for (const schema of Object.values(schemas)) {
    const properties = (schema as { properties?: Record<string, Record<string, unknown>> })
      .properties;
    for (const property of Object.values(properties ?? {})) {
      const refs = (property.allOf as { $ref?: string }[] | undefined) ?? [];
      const named =
        refs.length === 1 && apiEnumDefinitions().has(enumRef.exec(refs[0].$ref ?? '')?.[1] ?? '');
      if (property.nullable !== true || !named) continue;
      property.anyOf = [refs[0], { type: 'string', nullable: true, enum: [null] }];
      delete property.allOf;
      delete property.nullable;
      delete property.type;
    }
  }
}

/**
 * A query parameter declared with `apiEnumParameter` comes out with its `allOf` beside the
 * schema instead of in it; put it in the schema (which then needs no `type` of its own).
 */
function moveParameterAllOfIntoSchema(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item as Record<string, { parameters?: unknown[] }>)) {
      for (const parameter of operation.parameters ?? []) {
        const p = parameter as { allOf?: unknown[]; schema?: Record<string, unknown> };
        if (!p.allOf) continue;
        const { type: _type, ...schema } = p.schema ?? {};
        // Nothing beside the reference (no default, no example): the reference itself.
        p.schema =
          Object.keys(schema).length === 0 && p.allOf.length === 1
            ? (p.allOf[0] as Record<string, unknown>)
            : { ...schema, allOf: p.allOf };
        delete p.allOf;
      }
    }
  }
}

const DATABASE_UNAVAILABLE =
  '`database_unavailable`: the database cannot be reached or did not answer in time; retry after the Retry-After header’s seconds.';

/**
 * Any route that reads or writes the database (all but the health probes) answers 503
 * `database_unavailable` with Retry-After while the database is down: declared once here, or
 * added to the route's own 503.
 */
function declareDatabaseUnavailable(document: OpenAPIObject): void {
  type Response = { description?: string; headers?: Record<string, unknown> };
  for (const [path, item] of Object.entries(document.paths)) {
    if (path.startsWith('/health/')) continue;
    for (const operation of Object.values(item as Record<string, unknown>)) {
      const responses = (operation as { responses?: Record<string, Response> })?.responses;
      if (!responses) continue;
      const own = responses['503'];
      const description = own?.description
        ? `${own.description}\n\n${DATABASE_UNAVAILABLE}`
        : DATABASE_UNAVAILABLE;
      responses['503'] = {
        ...own,
        description,
        headers: {
          ...own?.headers,
          'Retry-After': {
            description: 'Seconds to wait before retrying.',
            schema: { type: 'integer' },
          },
        },
      };
    }
  }
}

const INPUT_PROBLEMS = {
  400: '`validation_failed`: the request is not valid (`errors` names each field): a control character in a text field or parameter, or a value out of range; or a malformed (`malformed_json`) or too deeply nested (`body_too_deep`) JSON body.',
  413: 'The request body is larger than `BODY_LIMIT` (counted after inflating).',
  415: '`unsupported_media_type`: a body that is not `application/json` in UTF-8 (`multipart/form-data` where a file is uploaded), or a Content-Encoding other than gzip or deflate.',
} as const;

/**
 * Every route with a body (POST, PUT, PATCH) answers 400, 413 and 415 from the body parser,
 * and every route with a parameter answers 400 for a control character in it: declared once
 * here, keeping a route's own description where it has one.
 */
function declareInputProblems(document: OpenAPIObject): void {
  type Operation = { parameters?: unknown[]; responses?: Record<string, { description?: string }> };
  for (const [path, item] of Object.entries(document.paths)) {
    if (path.startsWith('/health/')) continue;
    for (const [method, value] of Object.entries(item as Record<string, unknown>)) {
      const operation = value as Operation;
      const responses = operation?.responses;
      if (!responses) continue;
      const statuses: (keyof typeof INPUT_PROBLEMS)[] = ['post', 'put', 'patch'].includes(method)
        ? [400, 413, 415]
        : (operation.parameters?.length ?? 0) > 0
          ? [400]
          : [];
      for (const status of statuses) {
        responses[status] ??= { description: INPUT_PROBLEMS[status] };
      }
    }
  }
}

/**
 * Every error leaves through the problem-details filter as `application/problem+json`, whatever
 * the route produces otherwise: declare each 4xx/5xx response so, with its problem schema (the
 * one the route names, else the generic one).
 */
function declareProblemResponses(document: OpenAPIObject): void {
  const generic = { $ref: getSchemaPath(ProblemResponseDto) };
  type Content = Record<string, { schema?: { $ref?: string }; [key: string]: unknown }>;
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item as Record<string, unknown>)) {
      const responses = (operation as { responses?: Record<string, { content?: Content }> })
        ?.responses;
      for (const [status, response] of Object.entries(responses ?? {})) {
        if (!/^[45]/.test(status)) continue;
        const media = Object.values(response.content ?? {}).find((m) =>
          /ProblemDto$|ProblemResponseDto$/.test(m.schema?.$ref ?? ''),
        );
        response.content = {
          [PROBLEM_CONTENT_TYPE]: media ? { ...media } : { schema: { ...generic } },
        };
        // A Swagger 2 style `schema` beside `content` (the health-check decorator's) is invalid.
        delete (response as { schema?: unknown }).schema;
      }
    }
  }
}

/** Serves Swagger UI at /docs and the document at /docs/openapi.json and /docs/openapi.yaml. */
export function setupSwagger(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
    customSiteTitle: 'Student Performance Prediction API',
    swaggerOptions: {
      persistAuthorization: true,
      displayOperationId: true,
      tagsSorter: 'alpha',
      docExpansion: 'none',
    },
  });
}

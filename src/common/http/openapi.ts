import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

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
  { name: 'Health', description: 'Liveness and readiness probes.' },
];

const DESCRIPTION = `Early warning for schools: which students are heading for a poor exam result, why, and what
would help. Predictions come from a random forest served as ONNX, with a calibrated confidence, a 90 %
prediction interval and per-factor explanations.

**Authentication**: \`POST /api/auth/login\` returns an \`access_token\`; press *Authorize* and paste it
(it is kept across reloads). Access tokens live 15 minutes; \`POST /api/auth/refresh\` renews them.

**Demo users** (when the server seeds demo data, as it does outside production by default):
| email | password | role |
|---|---|---|
| admin@school.edu | Admin123! | administrator |
| teacher1@school.edu, teacher2@school.edu | Teacher123! | teacher |
| student1@school.edu, student2@school.edu | Student123! | student |

**Errors** are RFC 9457 \`application/problem+json\` with a stable \`code\` and the \`request_id\`.
**Lists** take \`page\` and \`per_page\` (at most 100) and answer \`{ data, meta }\`.
Each operation states the roles that may call it (also in the \`x-roles\` extension).`;

/** The OpenAPI document: the same for Swagger UI, the committed openapi.json and the SDK. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Student Performance Prediction API')
    .setDescription(DESCRIPTION)
    .setVersion('1.0.0')
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
  return SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
  });
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

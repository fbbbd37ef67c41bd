import { randomUUID } from 'node:crypto';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { ROLES, type Role } from '../../src/common/auth/role';
import { bearer, createUserAndLogin } from '../helpers/auth';
import { createTestApp } from '../helpers/test-app';

// Jest's default 5 s is too short for the slower flows here (argon2, SMTP, rate-limit windows).

interface Operation {
  method: string;
  path: string;
  roles: string[] | undefined;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** A concrete URL for a templated path: ids become random (absent) values. */
function concrete(path: string): string {
  return path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    if (name === 'student_id') return 'STU99999999';
    if (name === 'version') return 'v-unknown';
    if (name === 'factor') return 'hours_studied';
    return randomUUID();
  });
}

describe('Role × route matrix, from the live OpenAPI document', () => {
  let app: NestExpressApplication;
  const tokens = {} as Record<Role, string>;
  let operations: Operation[] = [];

  beforeAll(async () => {
    app = await createTestApp();
    for (const role of ROLES) tokens[role] = (await createUserAndLogin(app, { role })).accessToken;
    const doc = await request(app.getHttpServer()).get('/docs/openapi.json').expect(200);
    const paths = doc.body.paths as Record<string, Record<string, { 'x-roles'?: string[] }>>;
    operations = Object.entries(paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((method) => ({
        method,
        path,
        roles: item[method]['x-roles'],
      })),
    );
  });

  afterAll(async () => {
    await app.close();
  });

  it('covers the auth, users and audit routes', () => {
    const listed = operations.map((o) => `${o.method.toUpperCase()} ${o.path}`);
    for (const route of [
      'POST /api/auth/login',
      'GET /api/auth/me',
      'GET /api/auth/sessions',
      'DELETE /api/auth/sessions/{id}',
      'GET /api/users',
      'PATCH /api/users/{id}',
      'GET /api/audit-logs',
    ]) {
      expect(listed).toContain(route);
    }
  });

  it('every route declares its roles (x-roles)', () => {
    const undeclared = operations
      .filter((o) => !Array.isArray(o.roles) || o.roles.length === 0)
      .map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(undeclared).toEqual([]);
  });

  it('without a token every non-public route answers 401', async () => {
    const wrong: string[] = [];
    for (const op of operations.filter((o) => o.roles && !o.roles.includes('public'))) {
      const res = await request(app.getHttpServer())
        [op.method as (typeof METHODS)[number]](concrete(op.path))
        .send({});
      if (res.status !== 401) wrong.push(`${op.method.toUpperCase()} ${op.path} → ${res.status}`);
      else expect(res.body.code).toBeDefined();
    }
    expect(wrong).toEqual([]);
  });

  it('with each role, a route that does not list the role answers 403', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const op of operations.filter((o) => o.roles && !o.roles.includes('public'))) {
      for (const role of ROLES.filter((r) => !op.roles!.includes(r))) {
        checked += 1;
        const res = await request(app.getHttpServer())
          [op.method as (typeof METHODS)[number]](concrete(op.path))
          .set(bearer(tokens[role]))
          .send({});
        if (res.status !== 403) {
          wrong.push(`${role}: ${op.method.toUpperCase()} ${op.path} → ${res.status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(5);
  });

  it('a role listed by an account route is let through the guard (never 401/403)', async () => {
    const wrong: string[] = [];
    const accountRoutes = /^\/api\/(auth|users|audit-logs)(\/|$)/;
    for (const op of operations.filter(
      (o) =>
        o.roles && !o.roles.includes('public') && o.method === 'get' && accountRoutes.test(o.path),
    )) {
      for (const role of ROLES.filter((r) => op.roles!.includes(r))) {
        const res = await request(app.getHttpServer())
          .get(concrete(op.path))
          .set(bearer(tokens[role]));
        if (res.status === 401 || res.status === 403) {
          wrong.push(`${role}: GET ${op.path} → ${res.status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

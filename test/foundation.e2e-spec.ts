import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from './helpers/test-app';

describe('Foundation: errors, request ids, health, docs, security headers', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers an unknown route with a 404 problem, not an HTML page', async () => {
    const res = await request(app.getHttpServer()).get('/api/does-not-exist').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 404,
      code: 'not_found',
      title: 'Not Found',
      instance: '/api/does-not-exist',
    });
    expect(typeof res.body.type).toBe('string');
    expect(res.body.request_id).toBe(res.headers['x-request-id']);
  });

  it('echoes a caller-given request id and makes one otherwise', async () => {
    const given = await request(app.getHttpServer())
      .get('/health/live')
      .set('x-request-id', 'trace-abc-123');
    expect(given.headers['x-request-id']).toBe('trace-abc-123');
    const made = await request(app.getHttpServer()).get('/health/live');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await request(app.getHttpServer())
      .get('/health/live')
      .set('x-request-id', 'bad id <script>');
    expect(unsafe.headers['x-request-id']).not.toBe('bad id <script>');
  });

  it('reports live and ready with the database up', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200);
    const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(ready.body.info.database.status).toBe('up');
  });

  it('turns malformed JSON into a 400 problem', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/does-not-matter')
      .set('content-type', 'application/json')
      .send('{"broken": ')
      .expect(400);
    expect(res.body).toMatchObject({ status: 400, code: 'malformed_json' });
    expect(JSON.stringify(res.body)).not.toMatch(/SyntaxError|at JSON\.parse|node_modules/);
  });

  it('refuses a body over the size limit with 413', async () => {
    const big = JSON.stringify({ x: 'a'.repeat(2 * 1024 * 1024) });
    const res = await request(app.getHttpServer())
      .post('/api/anything')
      .set('content-type', 'application/json')
      .send(big)
      .expect(413);
    expect(res.body.code).toBe('payload_too_large');
  });

  it('serves the OpenAPI document and Swagger UI with a CSP that allows the UI only on /docs', async () => {
    const doc = await request(app.getHttpServer()).get('/docs/openapi.json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(doc.body.paths['/health/ready']).toBeDefined();
    const yaml = await request(app.getHttpServer()).get('/docs/openapi.yaml').expect(200);
    expect(yaml.text).toMatch(/^openapi: /m);
    const ui = await request(app.getHttpServer()).get('/docs').redirects(1).expect(200);
    expect(ui.text).toMatch(/swagger-ui/);
    expect(ui.headers['content-security-policy']).toMatch(/script-src 'self'/);
    const api = await request(app.getHttpServer()).get('/health/live');
    expect(api.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['x-powered-by']).toBeUndefined();
  });
});

import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { bearer, createUserAndLogin, LoggedInUser } from '../helpers/auth';
import { createTestApp } from '../helpers/test-app';

describe('Model training without enough data', () => {
  let app: NestExpressApplication;
  let admin: LoggedInUser;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp({ MODEL_MIN_TRAINING_ROWS: '10000000' });
    admin = await createUserAndLogin(app, { role: 'administrator' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('fails the job with a clear message and changes no model', async () => {
    const before = await http()
      .get('/api/models/active')
      .set(bearer(admin.accessToken))
      .expect(200);
    let res = await http().post('/api/models/train').set(bearer(admin.accessToken)).send({});
    // Another test file of the run may be training (one job at a time): wait for it.
    for (let i = 0; res.status === 429 && i < 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      res = await http().post('/api/models/train').set(bearer(admin.accessToken)).send({});
    }
    expect(res.status).toBe(202);
    let job = res.body;
    for (let i = 0; i < 300 && (job.status === 'queued' || job.status === 'running'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = (
        await http().get(`/api/models/jobs/${job.id}`).set(bearer(admin.accessToken)).expect(200)
      ).body;
    }
    expect(job).toEqual(
      expect.objectContaining({ status: 'failed', activated: false, model_version: null }),
    );
    expect(job.message).toMatch(
      /^Not enough data: training needs at least 10000000 students with an exam score, the database has \d+\.$/,
    );
    expect(job.finished_at).toEqual(expect.any(String));
    const after = await http().get('/api/models/active').set(bearer(admin.accessToken)).expect(200);
    expect(after.body.version).toBe(before.body.version);
  });
});

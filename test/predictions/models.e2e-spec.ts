import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import * as path from 'node:path';
import { FEATURE_NAMES, readActiveModelFiles } from '../../src/predictions/ml';
import { bearer, createUserAndLogin, LoggedInUser } from '../helpers/auth';
import { createTestApp } from '../helpers/test-app';
import { createStudent } from '../students/student-factory';
import { insertLabelledStudents } from './labelled-students';

interface Job {
  id: string;
  status: string;
  model_version: string | null;
  activated: boolean | null;
  message: string | null;
  progress: number;
}

/**
 * Model versions, the active card, training jobs and activation. Tests that switch the active
 * model live here only, and the version active at the start is restored at the end.
 */
describe('Models', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let teacher: LoggedInUser;
  let admin: LoggedInUser;
  let initialVersion: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    // Checks the active version on every request, as another instance would after a switch.
    app = await createTestApp({ MODEL_REFRESH_SECONDS: '0' });
    dataSource = app.get(DataSource);
    [teacher, admin] = await Promise.all([
      createUserAndLogin(app, { role: 'teacher' }),
      createUserAndLogin(app, { role: 'administrator' }),
    ]);
    const [active] = await dataSource.query('SELECT version FROM models WHERE is_active');
    initialVersion = active.version;
  });

  afterAll(async () => {
    await http()
      .post(`/api/models/${initialVersion}/activate`)
      .set(bearer(admin.accessToken))
      .expect(200);
    await app.close();
  });

  async function waitForJob(id: string, timeoutMs = 90_000): Promise<Job> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await http()
        .get(`/api/models/jobs/${id}`)
        .set(bearer(admin.accessToken))
        .expect(200);
      const job = res.body as Job;
      if (job.status === 'succeeded' || job.status === 'failed') return job;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async function train(body: Record<string, unknown>): Promise<Job> {
    let res = await http().post('/api/models/train').set(bearer(admin.accessToken)).send(body);
    // Another test file of the run may be training (one job at a time): wait for it.
    for (let i = 0; res.status === 429 && i < 100; i++) {
      expect(res.body.code).toBe('heavy_work_limit');
      await new Promise((resolve) => setTimeout(resolve, 300));
      res = await http().post('/api/models/train').set(bearer(admin.accessToken)).send(body);
    }
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe(`/api/models/jobs/${res.body.id}`);
    expect(['queued', 'running']).toContain(res.body.status);
    return waitForJob(res.body.id as string);
  }

  it('registers the shipped model once and serves it as the active version at start', async () => {
    const shipped = await dataSource.query(
      `SELECT version, trained_by, octet_length(onnx) AS bytes FROM models
       WHERE card->'data'->>'source' = 'StudentPerformanceFactors.csv'`,
    );
    expect(shipped).toHaveLength(1);
    expect(shipped[0].trained_by).toBeNull();
    const files = readActiveModelFiles(path.resolve(__dirname, '../../ml-models'));
    expect(shipped[0].version).toBe(files.pointer.version);
    expect(Number(shipped[0].bytes)).toBe(files.onnx.length);
    const ready = await http().get('/health/ready').expect(200);
    expect(ready.body.details.model.version).toEqual(expect.any(String));
  });

  it('lists versions with metrics and the active flag (teacher, administrator)', async () => {
    const res = await http().get('/api/models').set(bearer(teacher.accessToken)).expect(200);
    expect(res.body.meta.total).toBeGreaterThanOrEqual(1);
    const active = res.body.data.filter((m: { is_active: boolean }) => m.is_active);
    expect(active).toHaveLength(1);
    expect(active[0]).toEqual(
      expect.objectContaining({
        version: expect.any(String),
        metrics: expect.objectContaining({ mae: expect.any(Number), r2: expect.any(Number) }),
        created_at: expect.any(String),
        file_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    );
    const student = await createUserAndLogin(app, { role: 'student' });
    await http().get('/api/models').set(bearer(student.accessToken)).expect(403);
  });

  it('shows the active model card with metrics, baselines, importance, calibration and thresholds', async () => {
    const res = await http().get('/api/models/active').set(bearer(teacher.accessToken)).expect(200);
    const card = res.body;
    expect(card.is_active).toBe(true);
    expect(card.features.map((f: { name: string }) => f.name)).toEqual([...FEATURE_NAMES]);
    expect(card.metrics.held_out.forest.mae).toEqual(expect.any(Number));
    expect(card.metrics.held_out.linear_baseline.mae).toEqual(expect.any(Number));
    expect(card.metrics.held_out.mean_baseline.mae).toEqual(expect.any(Number));
    expect(card.metrics.out_of_bag.rmse).toEqual(expect.any(Number));
    expect(card.feature_importance.features).toHaveLength(FEATURE_NAMES.length);
    expect(card.tolerance).toBeGreaterThan(0);
    expect(card.uncertainty.held_out_coverage.interval_coverage).toBeGreaterThan(0.8);
    expect(card.subgroup_errors.held_out).toContainEqual(
      expect.objectContaining({ factor: 'gender', group: 'Female' }),
    );
    expect(card.risk_thresholds).toEqual({ high_below: 60, medium_below: 65 });
    expect(card.recommendations.never_changed).toContain('gender');
    expect(card.artifact.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('serves a tree ensemble at least as accurate as the linear baseline, with early-warning figures', async () => {
    const res = await http().get('/api/models/active').set(bearer(teacher.accessToken)).expect(200);
    const { metrics, early_warning: warning, model } = res.body;
    expect(model.type).toBe('additive_trees_regressor');
    expect(model.n_trees).toBe(FEATURE_NAMES.length);
    expect(model.scale_trees.n_trees).toBeGreaterThan(0);
    const { forest, linear_baseline: linear, random_forest: rf } = metrics.held_out;
    expect(forest.r2).toBeGreaterThanOrEqual(linear.r2);
    expect(forest.mae).toBeLessThanOrEqual(linear.mae);
    expect(rf.mae).toBeGreaterThan(forest.mae);
    const cv = metrics.cross_validation;
    expect(cv.folds).toBe(5);
    expect(cv.model.r2).toBeGreaterThanOrEqual(cv.linear_baseline.r2);
    expect(cv.model.mae).toBeLessThanOrEqual(cv.linear_baseline.mae);
    const coverage = res.body.uncertainty.held_out_coverage;
    expect(coverage.interval_coverage).toBeGreaterThanOrEqual(0.88);
    expect(coverage.interval_coverage).toBeLessThanOrEqual(0.92);
    expect(
      Math.abs(coverage.mean_stated_confidence - coverage.observed_within_tolerance),
    ).toBeLessThanOrEqual(0.02);
    expect(warning.probability_level).toBeGreaterThan(0);
    expect(warning.level_choice).toMatch(/out-of-fold/);
    expect(warning.held_out.map((w: { threshold: number }) => w.threshold)).toEqual([60, 65]);
    for (const w of warning.held_out) {
      for (const figures of [w.model, w.linear_baseline]) {
        expect(figures.recall).toBeGreaterThan(0.9);
        expect(figures.precision).toBeGreaterThan(0.8);
      }
    }
    expect(res.body.risk_rule).toMatch(/calibrated chance of scoring below 60 is above/);
  });

  it('allows only administrators to train or activate', async () => {
    const student = await createUserAndLogin(app, { role: 'student' });
    await http().post('/api/models/train').set(bearer(student.accessToken)).send({}).expect(403);
    await http().post('/api/models/train').set(bearer(teacher.accessToken)).send({}).expect(403);
    await http()
      .post(`/api/models/${initialVersion}/activate`)
      .set(bearer(teacher.accessToken))
      .expect(403);
    await http()
      .post('/api/models/train')
      .set(bearer(admin.accessToken))
      .send({ force: 'yes' })
      .expect(400);
    await http()
      .post('/api/models/rf-00000000-00000000/activate')
      .set(bearer(admin.accessToken))
      .expect(404);
    await http().get('/api/models/jobs/not-a-uuid').set(bearer(admin.accessToken)).expect(400);
    await http()
      .get('/api/models/jobs/00000000-0000-4000-8000-000000000000')
      .set(bearer(admin.accessToken))
      .expect(404);
  });

  it('trains on the database in the background, stores the version, and activation switches the next prediction', async () => {
    await insertLabelledStudents(app, 300);
    const job = await train({ force: true });
    expect(job.status).toBe('succeeded');
    expect(job.activated).toBe(true);
    expect(job.progress).toBe(1);
    expect(job.message).toMatch(/activated \(forced\)/);
    const version = job.model_version as string;
    expect(version).toMatch(/^at-\d{8}-[0-9a-f]{8}$/);

    const list = await http()
      .get('/api/models?per_page=100')
      .set(bearer(admin.accessToken))
      .expect(200);
    const listed = list.body.data.find((m: { version: string }) => m.version === version);
    expect(listed).toEqual(
      expect.objectContaining({ is_active: true, trained_by: admin.user.id, status: 'ready' }),
    );
    expect(listed.training_rows).toBeGreaterThanOrEqual(240);

    const student = await createStudent(app, teacher.accessToken);
    const trainedPrediction = await http()
      .get(`/api/predictions/${student.student_id}`)
      .set(bearer(teacher.accessToken))
      .expect(200);
    expect(trainedPrediction.body.model_version).toBe(version);

    const activated = await http()
      .post(`/api/models/${initialVersion}/activate`)
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(activated.body).toEqual(
      expect.objectContaining({ version: initialVersion, is_active: true }),
    );
    const next = await http()
      .get(`/api/predictions/${student.student_id}`)
      .set(bearer(teacher.accessToken))
      .expect(200);
    expect(next.body.model_version).toBe(initialVersion);
    const card = await http()
      .get('/api/models/active')
      .set(bearer(teacher.accessToken))
      .expect(200);
    expect(card.body.version).toBe(initialVersion);

    const audit = await dataSource.query(
      `SELECT action, actor_id FROM audit_logs
       WHERE target_type = 'model' AND target_id = ANY($1::varchar[]) AND actor_id = $2
       ORDER BY occurred_at`,
      [[version, initialVersion], admin.user.id],
    );
    const actions = audit.map((a: { action: string }) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['model.trained', 'model.activated']));
  });

  it('does not activate a model that was not asked to be, and compares it with the active one', async () => {
    await insertLabelledStudents(app, 20);
    const job = await train({ activate: false });
    expect(job.status).toBe('succeeded');
    expect(job.activated).toBe(false);
    expect(job.message).toMatch(
      /not activated \(not requested\); held-out MAE [\d.]+ vs [\d.]+ for the active model/,
    );
    const [active] = await dataSource.query('SELECT version FROM models WHERE is_active');
    expect(active.version).toBe(initialVersion);
  });

  it('serves a version another instance activated (the switch is seen at the next check)', async () => {
    const [inactive] = await dataSource.query(
      'SELECT version FROM models WHERE NOT is_active ORDER BY created_at DESC LIMIT 1',
    );
    const target: string = inactive.version;
    const student = await createStudent(app, teacher.accessToken);
    // What an activation on another instance leaves in the shared database.
    await dataSource.transaction(async (manager) => {
      await manager.query('UPDATE models SET is_active = false WHERE is_active');
      await manager.query(
        'UPDATE models SET is_active = true, activated_at = now() WHERE version = $1',
        [target],
      );
    });
    const res = await http()
      .get(`/api/predictions/${student.student_id}`)
      .set(bearer(teacher.accessToken))
      .expect(200);
    expect(res.body.model_version).toBe(target);
    const ready = await http().get('/health/ready').expect(200);
    expect(ready.body.details.model.version).toBe(target);
  });
});

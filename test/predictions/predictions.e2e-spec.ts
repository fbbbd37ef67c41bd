import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ACTIONABLE_FACTORS, FEATURE_NAMES, IMMUTABLE_FACTORS } from '../../src/predictions/ml';
import { bearer, createUserAndLogin, LoggedInUser } from '../helpers/auth';
import { createTestApp } from '../helpers/test-app';
import { createLinkedStudent, createStudent, studentBody } from '../students/student-factory';

/** A student the committed model puts at high risk (predicted well below 60). */
const WEAK = { hours_studied: 3, attendance: 60, previous_scores: 50 };

const FACTOR_FIELDS = [...FEATURE_NAMES];
const factorsOf = (body: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(FACTOR_FIELDS.map((f) => [f, body[f] ?? null]));

describe('Predictions', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let teacher: LoggedInUser;
  let admin: LoggedInUser;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    [teacher, admin] = await Promise.all([
      createUserAndLogin(app, { role: 'teacher' }),
      createUserAndLogin(app, { role: 'administrator' }),
    ]);
  });

  afterAll(async () => {
    await app.close();
  });

  /** A student profile linked to a new student account. */
  const ownStudent = (overrides: Record<string, unknown> = {}) =>
    createLinkedStudent(app, teacher.accessToken, admin.accessToken, overrides);

  describe('GET /api/predictions/{student_id}', () => {
    it('computes, stores with the model version and the factor snapshot, and returns the contract shape', async () => {
      const profile = await createStudent(app, teacher.accessToken);
      const res = await http()
        .get(`/api/predictions/${profile.student_id}`)
        .set(bearer(teacher.accessToken))
        .expect(200);
      expect(res.body).toEqual({
        id: expect.any(String),
        student_id: profile.student_id,
        predicted_score: expect.any(Number),
        confidence_level: expect.any(Number),
        tolerance: expect.any(Number),
        prediction_interval: { lower: expect.any(Number), upper: expect.any(Number), level: 0.9 },
        risk_level: expect.stringMatching(/^(low|medium|high)$/),
        top_factors: expect.any(Array),
        prediction_date: expect.any(String),
        model_version: expect.stringMatching(/^(rf|at)-\d{8}-[0-9a-f]{8}$/),
      });
      const p = res.body;
      expect(p.prediction_interval.lower).toBeLessThan(p.predicted_score);
      expect(p.prediction_interval.upper).toBeGreaterThan(p.predicted_score);
      expect(p.confidence_level).toBeGreaterThan(0);
      expect(p.confidence_level).toBeLessThanOrEqual(1);
      expect(p.top_factors).toHaveLength(5);
      for (const f of p.top_factors) {
        expect(FACTOR_FIELDS).toContain(f.feature);
        expect(f.value).toEqual(profile[f.feature]);
      }
      const sizes = p.top_factors.map((f: { contribution: number }) => Math.abs(f.contribution));
      expect(sizes).toEqual([...sizes].sort((a, b) => b - a));

      const [row] = await dataSource.query(
        `SELECT p.model_version, p.predicted_score, p.risk_level, p.input_snapshot, p.requested_by,
                p.interval_lower, p.interval_upper, p.interval_level, p.confidence_level, p.top_factors
         FROM predictions p WHERE p.id = $1`,
        [p.id],
      );
      expect(row).toEqual({
        model_version: p.model_version,
        predicted_score: p.predicted_score,
        risk_level: p.risk_level,
        input_snapshot: factorsOf(profile),
        requested_by: teacher.user.id,
        interval_lower: p.prediction_interval.lower,
        interval_upper: p.prediction_interval.upper,
        interval_level: 0.9,
        confidence_level: p.confidence_level,
        top_factors: p.top_factors,
      });
      const [active] = await dataSource.query('SELECT version FROM models WHERE is_active');
      expect(active.version).toBeDefined();
    });

    it('lets a student read their own prediction and answers 404 for another student’s', async () => {
      const { profile, account } = await ownStudent();
      const other = await createStudent(app, teacher.accessToken);
      await http()
        .get(`/api/predictions/${profile.student_id}`)
        .set(bearer(account.accessToken))
        .expect(200);
      const res = await http()
        .get(`/api/predictions/${other.student_id}`)
        .set(bearer(account.accessToken))
        .expect(404);
      expect(res.body.code).toBe('student_not_found');
      const [{ count }] = await dataSource.query(
        `SELECT count(*)::int AS count FROM predictions p
         JOIN student_profiles s ON s.id = p.student_profile_id WHERE s.student_id = $1`,
        [other.student_id],
      );
      expect(count).toBe(0);
    });

    it('answers 404 for an unknown student and 401 without a token', async () => {
      await http().get('/api/predictions/STU99999999').set(bearer(teacher.accessToken)).expect(404);
      await http().get('/api/predictions/STU0001').expect(401);
    });

    it('opens one alert per matching rule for a high-risk student, not one per prediction', async () => {
      const weak = await createStudent(app, teacher.accessToken, WEAK);
      const first = await http()
        .get(`/api/predictions/${weak.student_id}`)
        .set(bearer(teacher.accessToken))
        .expect(200);
      expect(first.body.risk_level).toBe('high');
      expect(first.body.predicted_score).toBeLessThan(60);
      await http()
        .get(`/api/predictions/${weak.student_id}`)
        .set(bearer(teacher.accessToken))
        .expect(200);
      // The default rules: high risk, and attendance below 70.
      const alerts = await dataSource.query(
        `SELECT r.name AS rule, a.type, a.severity, a.status, a.prediction_id FROM alerts a
         JOIN student_profiles s ON s.id = a.student_profile_id
         JOIN alert_rules r ON r.id = a.rule_id
         WHERE s.student_id = $1 AND r.name IN ('High-risk prediction', 'Low attendance')
         ORDER BY r.name`,
        [weak.student_id],
      );
      expect(alerts).toEqual([
        {
          rule: 'High-risk prediction',
          type: 'risk_level',
          severity: 'high',
          status: 'open',
          prediction_id: first.body.id,
        },
        {
          rule: 'Low attendance',
          type: 'attendance',
          severity: 'medium',
          status: 'open',
          prediction_id: first.body.id,
        },
      ]);
    });
  });

  describe('POST /api/predictions/batch', () => {
    it('predicts the students that exist in request order and lists the others as not found', async () => {
      const a = await createStudent(app, teacher.accessToken);
      const b = await createStudent(app, teacher.accessToken, WEAK);
      const res = await http()
        .post('/api/predictions/batch')
        .set(bearer(admin.accessToken))
        .send({ student_ids: [b.student_id, 'STU99999998', a.student_id] })
        .expect(200);
      // The answer is written as JSON text by the service: the type is still res.json's.
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body.not_found).toEqual(['STU99999998']);
      expect(res.body.predictions.map((p: { student_id: string }) => p.student_id)).toEqual([
        b.student_id,
        a.student_id,
      ]);
      for (const p of res.body.predictions) expect(p.model_version).toBe(res.body.model_version);
      expect(res.body.predictions[0].risk_level).toBe('high');

      const single = await http()
        .get(`/api/predictions/${a.student_id}`)
        .set(bearer(teacher.accessToken))
        .expect(200);
      // This file's database is its own: no other test changes its active model.
      expect(single.body.model_version).toBe(res.body.model_version);
      expect(single.body.predicted_score).toBe(res.body.predictions[1].predicted_score);
      expect(single.body.top_factors).toEqual(res.body.predictions[1].top_factors);

      const stored = await dataSource.query(
        `SELECT s.student_id, p.model_version, p.requested_by FROM predictions p
         JOIN student_profiles s ON s.id = p.student_profile_id
         WHERE p.id = ANY($1::uuid[]) ORDER BY s.student_id`,
        [res.body.predictions.map((p: { id: string }) => p.id)],
      );
      expect(stored).toHaveLength(2);
      for (const row of stored) {
        expect(row.model_version).toBe(res.body.model_version);
        expect(row.requested_by).toBe(admin.user.id);
      }
    });

    it('refuses more than 10,000 ids, repeated ids, an empty list and students', async () => {
      const tooMany = Array.from({ length: 10_001 }, (_, i) => `STU${10_000_000 + i}`);
      const res = await http()
        .post('/api/predictions/batch')
        .set(bearer(teacher.accessToken))
        .send({ student_ids: tooMany })
        .expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors).toEqual([
        {
          field: 'student_ids',
          message: 'student_ids may name at most 10000 students per request',
        },
      ]);
      await http()
        .post('/api/predictions/batch')
        .set(bearer(teacher.accessToken))
        .send({ student_ids: ['STU0001', 'STU0001'] })
        .expect(400);
      await http()
        .post('/api/predictions/batch')
        .set(bearer(teacher.accessToken))
        .send({ student_ids: [] })
        .expect(400);
      const student = await createUserAndLogin(app, { role: 'student' });
      await http()
        .post('/api/predictions/batch')
        .set(bearer(student.accessToken))
        .send({ student_ids: ['STU0001'] })
        .expect(403);
    });
  });

  describe('POST /api/predictions/what-if', () => {
    it('returns baseline, scenario and delta = scenario − baseline, storing nothing', async () => {
      const { profile, account } = await ownStudent({ hours_studied: 10, attendance: 70 });
      const res = await http()
        .post('/api/predictions/what-if')
        .set(bearer(account.accessToken))
        .send({ student_id: profile.student_id, changes: { hours_studied: 30, attendance: 70 } })
        .expect(200);
      const { baseline, scenario, delta } = res.body;
      expect(res.body.student_id).toBe(profile.student_id);
      expect(res.body.changed).toEqual(['hours_studied']);
      expect(baseline.model_version).toBe(res.body.model_version);
      expect(scenario.model_version).toBe(res.body.model_version);
      expect(delta).toBeCloseTo(scenario.predicted_score - baseline.predicted_score, 6);
      expect(delta).toBeGreaterThan(0);

      const single = await http()
        .get(`/api/predictions/${profile.student_id}`)
        .set(bearer(account.accessToken))
        .expect(200);
      expect(single.body.model_version).toBe(res.body.model_version);
      expect(single.body.predicted_score).toBe(baseline.predicted_score);
      const [{ count }] = await dataSource.query(
        `SELECT count(*)::int AS count FROM predictions p
         JOIN student_profiles s ON s.id = p.student_profile_id WHERE s.student_id = $1`,
        [profile.student_id],
      );
      expect(count).toBe(1);
    });

    it('refuses unknown factors, out-of-range values and no change with a 400 per field', async () => {
      const profile = await createStudent(app, teacher.accessToken);
      const bad = await http()
        .post('/api/predictions/what-if')
        .set(bearer(teacher.accessToken))
        .send({
          student_id: profile.student_id,
          changes: { hours_studied: 61, attendance: -1, shoe_size: 42, motivation_level: 'Huge' },
        })
        .expect(400);
      const fields = bad.body.errors.map((e: { field: string }) => e.field).sort();
      expect(fields).toEqual([
        'changes.attendance',
        'changes.hours_studied',
        'changes.motivation_level',
        'changes.shoe_size',
      ]);
      expect(bad.body.errors).toContainEqual({
        field: 'changes.hours_studied',
        message: 'hours_studied must be at most 60',
      });
      const none = await http()
        .post('/api/predictions/what-if')
        .set(bearer(teacher.accessToken))
        .send({ student_id: profile.student_id, changes: {} })
        .expect(400);
      expect(none.body.errors).toEqual([
        { field: 'changes', message: 'changes must give a new value for at least one factor' },
      ]);
      await http()
        .post('/api/predictions/what-if')
        .set(bearer(teacher.accessToken))
        .send({ student_id: profile.student_id, changes: { gender: null } })
        .expect(400);
      await http()
        .post('/api/predictions/what-if')
        .set(bearer(teacher.accessToken))
        .send({ student_id: profile.student_id, changes: { teacher_quality: null } })
        .expect(200);
    });

    it('answers 404 for another student’s profile', async () => {
      const { account } = await ownStudent();
      const other = await createStudent(app, teacher.accessToken);
      await http()
        .post('/api/predictions/what-if')
        .set(bearer(account.accessToken))
        .send({ student_id: other.student_id, changes: { hours_studied: 30 } })
        .expect(404);
    });
  });

  describe('POST /api/predictions/estimate', () => {
    it('predicts a full set of factors without storing anything', async () => {
      const factors = factorsOf(studentBody());
      const countMine = async (): Promise<number> => {
        const [{ count }] = await dataSource.query(
          'SELECT count(*)::int AS count FROM predictions WHERE requested_by = $1',
          [teacher.user.id],
        );
        return count;
      };
      const before = await countMine();
      const res = await http()
        .post('/api/predictions/estimate')
        .set(bearer(teacher.accessToken))
        .send(factors)
        .expect(200);
      expect(res.body).toEqual({
        predicted_score: expect.any(Number),
        confidence_level: expect.any(Number),
        tolerance: expect.any(Number),
        prediction_interval: { lower: expect.any(Number), upper: expect.any(Number), level: 0.9 },
        risk_level: expect.stringMatching(/^(low|medium|high)$/),
        top_factors: expect.any(Array),
        model_version: expect.any(String),
      });
      const unknownOmitted = { ...factors };
      delete unknownOmitted.teacher_quality;
      await http()
        .post('/api/predictions/estimate')
        .set(bearer(teacher.accessToken))
        .send(unknownOmitted)
        .expect(200);
      expect(await countMine()).toBe(before);
    });

    it('validates the factors like a new student and is for staff only', async () => {
      const factors = factorsOf(studentBody());
      delete factors.attendance;
      const res = await http()
        .post('/api/predictions/estimate')
        .set(bearer(teacher.accessToken))
        .send({ ...factors, sleep_hours: 25, first_name: 'Ada' })
        .expect(400);
      const fields = new Set(res.body.errors.map((e: { field: string }) => e.field));
      expect([...fields].sort()).toEqual(['attendance', 'first_name', 'sleep_hours']);
      expect(res.body.errors).toContainEqual({
        field: 'attendance',
        message: 'attendance is required',
      });
      const student = await createUserAndLogin(app, { role: 'student' });
      await http()
        .post('/api/predictions/estimate')
        .set(bearer(student.accessToken))
        .send(factorsOf(studentBody()))
        .expect(403);
    });
  });

  describe('GET /api/predictions/{student_id}/history', () => {
    it('lists stored predictions newest first, paginated, with their snapshots', async () => {
      const { profile, account } = await ownStudent();
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await http()
          .get(`/api/predictions/${profile.student_id}`)
          .set(bearer(teacher.accessToken))
          .expect(200);
        ids.push(res.body.id);
      }
      const page1 = await http()
        .get(`/api/predictions/${profile.student_id}/history?per_page=2`)
        .set(bearer(account.accessToken))
        .expect(200);
      const history = `/api/predictions/${profile.student_id}/history?per_page=2`;
      expect(page1.body.meta).toEqual({
        page: 1,
        per_page: 2,
        total: 3,
        total_pages: 2,
        links: {
          self: `${history}&page=1`,
          first: `${history}&page=1`,
          next: `${history}&page=2`,
          last: `${history}&page=2`,
        },
      });
      expect(page1.body.data.map((p: { id: string }) => p.id)).toEqual([ids[2], ids[1]]);
      const dates = page1.body.data.map((p: { prediction_date: string }) => p.prediction_date);
      expect(dates[0] >= dates[1]).toBe(true);
      expect(page1.body.data[0].input_snapshot).toEqual(factorsOf(profile));
      expect(page1.body.data[0].tolerance).toEqual(expect.any(Number));
      const page2 = await http()
        .get(`/api/predictions/${profile.student_id}/history?per_page=2&page=2`)
        .set(bearer(teacher.accessToken))
        .expect(200);
      expect(page2.body.data.map((p: { id: string }) => p.id)).toEqual([ids[0]]);

      const other = await createStudent(app, teacher.accessToken);
      await http()
        .get(`/api/predictions/${other.student_id}/history`)
        .set(bearer(account.accessToken))
        .expect(404);
      await http()
        .get(`/api/predictions/${profile.student_id}/history?per_page=101`)
        .set(bearer(teacher.accessToken))
        .expect(400);
    });
  });

  describe('GET /api/students/{student_id}/recommendations', () => {
    it('suggests only actionable factors, stores them and supersedes the previous set', async () => {
      const { profile, account } = await ownStudent({
        hours_studied: 8,
        attendance: 70,
        motivation_level: 'Low',
        tutoring_sessions: 0,
      });
      const first = await http()
        .get(`/api/students/${profile.student_id}/recommendations`)
        .set(bearer(account.accessToken))
        .expect(200);
      expect(first.body.student_id).toBe(profile.student_id);
      expect(first.body.model_version).toEqual(expect.any(String));
      const recs = first.body.recommendations;
      expect(recs.length).toBeGreaterThan(0);
      expect(recs.length).toBeLessThanOrEqual(5);
      const immutable: string[] = [...IMMUTABLE_FACTORS];
      const actionable: string[] = [...ACTIONABLE_FACTORS];
      recs.forEach((r: Record<string, unknown>, i: number) => {
        expect(immutable).not.toContain(r.factor);
        expect(actionable).toContain(r.factor);
        expect(r.priority).toBe(i + 1);
        expect(r.expected_gain).toBeGreaterThan(0);
        expect(r.current_value).toEqual(profile[r.factor as string]);
        expect(r.suggested_value).not.toEqual(r.current_value);
        expect(r.status).toBe('active');
        expect(r.model_version).toBe(first.body.model_version);
        expect(typeof r.message).toBe('string');
      });
      const gains = recs.map((r: { expected_gain: number }) => r.expected_gain);
      expect(gains).toEqual([...gains].sort((a, b) => b - a));
      expect(new Set(recs.map((r: { factor: string }) => r.factor)).size).toBe(recs.length);

      const second = await http()
        .get(`/api/students/${profile.student_id}/recommendations`)
        .set(bearer(teacher.accessToken))
        .expect(200);
      const rows = await dataSource.query(
        `SELECT r.id, r.status FROM recommendations r
         JOIN student_profiles s ON s.id = r.student_profile_id WHERE s.student_id = $1`,
        [profile.student_id],
      );
      const status = new Map(rows.map((r: { id: string; status: string }) => [r.id, r.status]));
      for (const r of recs) expect(status.get(r.id)).toBe('superseded');
      for (const r of second.body.recommendations) expect(status.get(r.id)).toBe('active');
      expect(rows).toHaveLength(recs.length + second.body.recommendations.length);

      const other = await createStudent(app, teacher.accessToken);
      await http()
        .get(`/api/students/${other.student_id}/recommendations`)
        .set(bearer(account.accessToken))
        .expect(404);
    });
  });
});

import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AlertsService } from '../src/notifications/alerts.service';
import { bearer, createUserAndLogin, LoggedInUser } from './helpers/auth';
import { createTestApp } from './helpers/test-app';
import {
  createLinkedStudent,
  createStudent,
  LOW_ATTENDANCE,
  uniqueToken,
} from './students/student-factory';

interface AlertBody {
  id: string;
  student_id: string;
  type: string;
  severity: string;
  status: string;
  rule_id: string | null;
  rule_name: string | null;
  prediction_id: string | null;
  acknowledged_at: string | null;
  resolved_at: string | null;
  updated_by: string | null;
  note: string | null;
}

describe('Alerts and alert rules', () => {
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

  /** A profile linked to a new student account. */
  const ownStudent = (overrides: Record<string, unknown> = {}) =>
    createLinkedStudent(app, teacher.accessToken, admin.accessToken, overrides);

  async function alertsOf(studentId: string, token = teacher.accessToken): Promise<AlertBody[]> {
    const res = await http()
      .get(`/api/alerts?student_id=${studentId}&per_page=100`)
      .set(bearer(token))
      .expect(200);
    return res.body.data as AlertBody[];
  }

  async function predict(studentId: string): Promise<{ id: string }> {
    const res = await http()
      .get(`/api/predictions/${studentId}`)
      .set(bearer(teacher.accessToken))
      .expect(200);
    return res.body as { id: string };
  }

  describe('rule evaluation', () => {
    it('opens exactly one alert per rule and notifies the linked student once', async () => {
      const { profile, account } = await ownStudent(LOW_ATTENDANCE);
      const first = await predict(profile.student_id);
      await predict(profile.student_id);
      // Concurrent predictions of the same student still open one alert per rule.
      await Promise.all([1, 2, 3, 4].map(() => predict(profile.student_id)));

      const alerts = await alertsOf(profile.student_id);
      const lowAttendance = alerts.filter((a) => a.rule_name === 'Low attendance');
      expect(lowAttendance).toEqual([
        expect.objectContaining({
          student_id: profile.student_id,
          type: 'attendance',
          severity: 'medium',
          status: 'open',
          prediction_id: first.id,
          rule_id: expect.any(String),
        }),
      ]);
      expect(new Set(alerts.map((a) => a.rule_id)).size).toBe(alerts.length);

      const notes = await http()
        .get('/api/notifications')
        .set(bearer(account.accessToken))
        .expect(200);
      const opened = (
        notes.body.data as { type: string; title: string; data: Record<string, unknown> }[]
      ).filter((n) => n.type === 'alert_opened');
      expect(opened).toHaveLength(alerts.length);
      expect(opened.filter((n) => n.data.alert_id === lowAttendance[0].id)).toEqual([
        expect.objectContaining({
          title: 'New medium alert: Low attendance',
          data: {
            alert_id: lowAttendance[0].id,
            student_id: profile.student_id,
            severity: 'medium',
            rule_id: lowAttendance[0].rule_id,
          },
        }),
      ]);

      // The service other modules call finds nothing new to open.
      const [{ id: profileId }] = await dataSource.query<{ id: string }[]>(
        'SELECT id FROM student_profiles WHERE student_id = $1',
        [profile.student_id],
      );
      await expect(app.get(AlertsService).evaluate(profileId)).resolves.toBe(0);
    });

    it('opens alerts set-based for a batch, without duplicates on a second batch', async () => {
      const a = await createStudent(app, teacher.accessToken, LOW_ATTENDANCE);
      const b = await createStudent(app, teacher.accessToken, LOW_ATTENDANCE);
      const ok = await createStudent(app, teacher.accessToken, {
        ...LOW_ATTENDANCE,
        attendance: 95,
      });
      const ids = [a.student_id, b.student_id, ok.student_id];
      for (let round = 0; round < 2; round++) {
        await http()
          .post('/api/predictions/batch')
          .set(bearer(teacher.accessToken))
          .send({ student_ids: ids })
          .expect(200);
      }
      for (const id of [a.student_id, b.student_id]) {
        const alerts = (await alertsOf(id)).filter((x) => x.rule_name === 'Low attendance');
        expect(alerts).toHaveLength(1);
      }
      expect(
        (await alertsOf(ok.student_id)).filter((x) => x.rule_name === 'Low attendance'),
      ).toEqual([]);
    });

    it('evaluates on request the current factors when the student has no prediction', async () => {
      const profile = await createStudent(app, teacher.accessToken, LOW_ATTENDANCE);
      const [{ id: profileId }] = await dataSource.query<{ id: string }[]>(
        'SELECT id FROM student_profiles WHERE student_id = $1',
        [profile.student_id],
      );
      const service = app.get(AlertsService);
      await expect(service.evaluate(profileId)).resolves.toBe(1);
      await expect(service.evaluate(profileId)).resolves.toBe(0);
      const [alert] = await alertsOf(profile.student_id);
      expect(alert).toMatchObject({ rule_name: 'Low attendance', prediction_id: null });
    });
  });

  describe('GET /api/alerts', () => {
    it('shows a student only the alerts about their own profile', async () => {
      const mine = await ownStudent(LOW_ATTENDANCE);
      const theirs = await ownStudent(LOW_ATTENDANCE);
      await predict(mine.profile.student_id);
      await predict(theirs.profile.student_id);

      const res = await http()
        .get('/api/alerts?per_page=100')
        .set(bearer(mine.account.accessToken))
        .expect(200);
      expect(res.body.data.length).toBeGreaterThan(0);
      expect(
        (res.body.data as AlertBody[]).every((a) => a.student_id === mine.profile.student_id),
      ).toBe(true);
      expect(res.body.meta.total).toBe(res.body.data.length);
      // Filtering by another student's id does not widen the scope.
      const other = await alertsOf(theirs.profile.student_id, mine.account.accessToken);
      expect(other).toEqual([]);

      const [theirAlert] = await alertsOf(theirs.profile.student_id);
      await http()
        .get(`/api/alerts/${theirAlert.id}`)
        .set(bearer(mine.account.accessToken))
        .expect(404)
        .expect((r) => expect(r.body.code).toBe('alert_not_found'));
      await http()
        .get(`/api/alerts/${theirAlert.id}`)
        .set(bearer(theirs.account.accessToken))
        .expect(200);
    });

    it('filters by status and severity, sorts from an allow-list and pages', async () => {
      const { profile } = await ownStudent({ ...LOW_ATTENDANCE, attendance: 60 });
      await predict(profile.student_id);
      const all = await alertsOf(profile.student_id);
      expect(all.length).toBeGreaterThan(0);
      const medium = await http()
        .get(`/api/alerts?student_id=${profile.student_id}&severity=medium&status=open`)
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(medium.body.data.length).toBeGreaterThan(0);
      expect(
        (medium.body.data as AlertBody[]).every(
          (a) => a.severity === 'medium' && a.status === 'open',
        ),
      ).toBe(true);
      const none = await http()
        .get(`/api/alerts?student_id=${profile.student_id}&status=resolved`)
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(none.body.meta.total).toBe(0);
      await http()
        .get('/api/alerts?sort=-severity,created_at')
        .set(bearer(teacher.accessToken))
        .expect(200);
      for (const bad of ['sort=message', 'status=closed', 'severity=urgent', 'per_page=101']) {
        await http().get(`/api/alerts?${bad}`).set(bearer(teacher.accessToken)).expect(400);
      }
    });
  });

  describe('PATCH /api/alerts/{id}', () => {
    it('acknowledges then resolves with timestamps, audit rows, and keeps resolved final', async () => {
      const { profile, account } = await ownStudent(LOW_ATTENDANCE);
      await predict(profile.student_id);
      const [alert] = (await alertsOf(profile.student_id)).filter(
        (a) => a.rule_name === 'Low attendance',
      );

      await http()
        .patch(`/api/alerts/${alert.id}`)
        .set(bearer(account.accessToken))
        .send({ status: 'acknowledged' })
        .expect(403);

      const acked = await http()
        .patch(`/api/alerts/${alert.id}`)
        .set(bearer(teacher.accessToken))
        .send({ status: 'acknowledged', note: 'Talking to the family.' })
        .expect(200);
      expect(acked.body).toMatchObject({
        id: alert.id,
        status: 'acknowledged',
        note: 'Talking to the family.',
        updated_by: teacher.user.id,
        resolved_at: null,
      });
      expect(Date.parse(acked.body.acknowledged_at)).toBeGreaterThan(Date.now() - 60_000);

      const resolved = await http()
        .patch(`/api/alerts/${alert.id}`)
        .set(bearer(admin.accessToken))
        .send({ status: 'resolved' })
        .expect(200);
      expect(resolved.body).toMatchObject({
        status: 'resolved',
        note: 'Talking to the family.',
        acknowledged_at: acked.body.acknowledged_at,
        updated_by: admin.user.id,
      });
      expect(resolved.body.resolved_at).toEqual(expect.any(String));

      await http()
        .patch(`/api/alerts/${alert.id}`)
        .set(bearer(teacher.accessToken))
        .send({ status: 'acknowledged' })
        .expect(409)
        .expect((r) => expect(r.body.code).toBe('invalid_alert_transition'));
      const noted = await http()
        .patch(`/api/alerts/${alert.id}`)
        .set(bearer(teacher.accessToken))
        .send({ status: 'resolved', note: null })
        .expect(200);
      expect(noted.body).toMatchObject({ status: 'resolved', note: null });
      expect(noted.body.resolved_at).toBe(resolved.body.resolved_at);

      const audit = await dataSource.query<{ details: { from: string; to: string } }[]>(
        `SELECT details FROM audit_logs WHERE action = 'alert.updated' AND target_id = $1
         ORDER BY occurred_at`,
        [alert.id],
      );
      expect(audit.map((r) => [r.details.from, r.details.to])).toEqual([
        ['open', 'acknowledged'],
        ['acknowledged', 'resolved'],
        ['resolved', 'resolved'],
      ]);

      // Once resolved, the rule may open a new alert for the student.
      await predict(profile.student_id);
      const after = (await alertsOf(profile.student_id)).filter(
        (a) => a.rule_name === 'Low attendance',
      );
      expect(after.map((a) => a.status).sort()).toEqual(['open', 'resolved']);
    });

    it('reopens an acknowledged alert, and rejects bad bodies and unknown ids', async () => {
      const profile = await createStudent(app, teacher.accessToken, LOW_ATTENDANCE);
      await predict(profile.student_id);
      const [alert] = await alertsOf(profile.student_id);
      await http()
        .patch(`/api/alerts/${alert.id}`)
        .set(bearer(teacher.accessToken))
        .send({ status: 'acknowledged' })
        .expect(200);
      const reopened = await http()
        .patch(`/api/alerts/${alert.id}`)
        .set(bearer(teacher.accessToken))
        .send({ status: 'open' })
        .expect(200);
      expect(reopened.body).toMatchObject({ status: 'open', acknowledged_at: null });

      for (const body of [{}, { status: 'closed' }, { status: 'open', extra: 1 }]) {
        await http()
          .patch(`/api/alerts/${alert.id}`)
          .set(bearer(teacher.accessToken))
          .send(body)
          .expect(400);
      }
      await http()
        .patch('/api/alerts/00000000-0000-4000-8000-000000000000')
        .set(bearer(teacher.accessToken))
        .send({ status: 'resolved' })
        .expect(404);
    });
  });

  describe('/api/alert-rules', () => {
    interface RuleBody {
      id: string;
      name: string;
      metric: string;
      operator: string;
      threshold: number;
      severity: string;
      enabled: boolean;
    }
    const asInput = (r: RuleBody) => ({
      name: r.name,
      metric: r.metric,
      operator: r.operator,
      threshold: r.threshold,
      severity: r.severity,
      enabled: r.enabled,
    });

    it('is for administrators only', async () => {
      const student = await createUserAndLogin(app, { role: 'student' });
      for (const user of [student, teacher]) {
        await http().get('/api/alert-rules').set(bearer(user.accessToken)).expect(403);
        await http()
          .put('/api/alert-rules')
          .set(bearer(user.accessToken))
          .send({ rules: [] })
          .expect(403);
      }
    });

    it('lists the default rules', async () => {
      const res = await http().get('/api/alert-rules').set(bearer(admin.accessToken)).expect(200);
      expect((res.body.rules as RuleBody[]).map(asInput)).toEqual(
        expect.arrayContaining([
          {
            name: 'High-risk prediction',
            metric: 'risk_level',
            operator: 'eq',
            threshold: 3,
            severity: 'high',
            enabled: true,
          },
          {
            name: 'Low attendance',
            metric: 'attendance',
            operator: 'lt',
            threshold: 70,
            severity: 'medium',
            enabled: true,
          },
        ]),
      );
    });

    it('rejects invalid sets field by field and changes nothing', async () => {
      const before = await http()
        .get('/api/alert-rules')
        .set(bearer(admin.accessToken))
        .expect(200);
      const valid = {
        name: 'Some rule',
        metric: 'attendance',
        operator: 'lt',
        threshold: 50,
        severity: 'low',
      };
      const res = await http()
        .put('/api/alert-rules')
        .set(bearer(admin.accessToken))
        .send({
          rules: [
            { ...valid, metric: 'exam_score' },
            { ...valid, operator: 'between' },
            { ...valid, threshold: 'low' },
            { ...valid, severity: 'urgent' },
            { ...valid, name: '' },
          ],
        })
        .expect(400);
      expect(res.body.code).toBe('validation_failed');
      const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
      expect(fields).toEqual(
        expect.arrayContaining([
          'rules.0.metric',
          'rules.1.operator',
          'rules.2.threshold',
          'rules.3.severity',
          'rules.4.name',
        ]),
      );

      const semantic = await http()
        .put('/api/alert-rules')
        .set(bearer(admin.accessToken))
        .send({
          rules: [
            valid,
            { ...valid, name: 'SOME RULE' },
            { ...valid, name: 'Other', metric: 'risk_level', threshold: 4 },
            { ...valid, name: 'Hours', metric: 'hours_studied', threshold: 70 },
          ],
        })
        .expect(400);
      expect((semantic.body.errors as { field: string }[]).map((e) => e.field)).toEqual([
        'rules.1.name',
        'rules.2.threshold',
        'rules.3.threshold',
      ]);
      await http()
        .put('/api/alert-rules')
        .set(bearer(admin.accessToken))
        .send({ rules: [{ ...valid, extra: true }] })
        .expect(400);
      await http().put('/api/alert-rules').set(bearer(admin.accessToken)).send([valid]).expect(400);

      const after = await http().get('/api/alert-rules').set(bearer(admin.accessToken)).expect(200);
      expect(after.body).toEqual(before.body);
    });

    it('replaces the set atomically, keeping ids by name, and new rules open alerts', async () => {
      const before = await http()
        .get('/api/alert-rules')
        .set(bearer(admin.accessToken))
        .expect(200);
      const original = before.body.rules as RuleBody[];
      const name = `Test rule ${uniqueToken()}`;
      try {
        const replaced = await http()
          .put('/api/alert-rules')
          .set(bearer(admin.accessToken))
          .send({
            rules: [
              ...original.map(asInput),
              // Only this test's student studies exactly 59 hours.
              { name, metric: 'hours_studied', operator: 'eq', threshold: 59, severity: 'low' },
            ],
          })
          .expect(200);
        const rules = replaced.body.rules as (RuleBody & { updated_by: string })[];
        expect(rules).toHaveLength(original.length + 1);
        for (const rule of original) {
          expect(rules.find((r) => r.name === rule.name)?.id).toBe(rule.id);
        }
        expect(rules.find((r) => r.name === name)).toMatchObject({
          enabled: true,
          updated_by: admin.user.id,
        });

        const { profile, account } = await ownStudent({ ...LOW_ATTENDANCE, hours_studied: 59 });
        await predict(profile.student_id);
        const alerts = (await alertsOf(profile.student_id)).filter((a) => a.rule_name === name);
        expect(alerts).toEqual([
          expect.objectContaining({ type: 'hours_studied', severity: 'low' }),
        ]);
        const notes = await http()
          .get('/api/notifications?unread=true')
          .set(bearer(account.accessToken))
          .expect(200);
        expect(
          (notes.body.data as { data: { alert_id?: string } }[]).filter(
            (n) => n.data.alert_id === alerts[0].id,
          ),
        ).toHaveLength(1);

        const audit = await dataSource.query<{ details: { names: string[] } }[]>(
          `SELECT details FROM audit_logs WHERE action = 'alert_rules.replaced' AND actor_id = $1`,
          [admin.user.id],
        );
        expect(audit[0].details.names).toContain(name);
      } finally {
        await http()
          .put('/api/alert-rules')
          .set(bearer(admin.accessToken))
          .send({ rules: original.map(asInput) })
          .expect(200);
      }
      const restored = await http()
        .get('/api/alert-rules')
        .set(bearer(admin.accessToken))
        .expect(200);
      expect((restored.body.rules as RuleBody[]).map((r) => r.id)).toEqual(
        original.map((r) => r.id),
      );
    });
  });
});

import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { bearer, createUserAndLogin, LoggedInUser } from './helpers/auth';
import { createTestApp } from './helpers/test-app';
import { createStudent, LOW_ATTENDANCE } from './students/student-factory';

const STRONG_TAG = /^"[A-Za-z0-9_-]{32}"$/;

interface RuleBody {
  name: string;
  metric: string;
  operator: string;
  threshold: number;
  severity: string;
  enabled: boolean;
}

/** If-Match on the other single resources: accounts, preferences, alerts, interventions, rules. */
describe('HTTP conventions: If-Match on users, alerts and alert rules', () => {
  let app: NestExpressApplication;
  let admin: LoggedInUser;
  let otherAdmin: LoggedInUser;
  let teacher: LoggedInUser;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
    [admin, otherAdmin, teacher] = await Promise.all([
      createUserAndLogin(app, { role: 'administrator' }),
      createUserAndLogin(app, { role: 'administrator' }),
      createUserAndLogin(app, { role: 'teacher' }),
    ]);
  });

  afterAll(async () => {
    await app.close();
  });

  it('users: a stale If-Match on PATCH and DELETE is a 412 and the account is unchanged', async () => {
    const target = await createUserAndLogin(app, { role: 'teacher', firstName: 'Before' });
    const path = `/api/users/${target.user.id}`;
    const read = await http().get(path).set(bearer(admin.accessToken));
    expect(read.headers.etag).toMatch(STRONG_TAG);
    const renamed = await http()
      .patch(path)
      .set(bearer(otherAdmin.accessToken))
      .set('If-Match', read.headers.etag)
      .send({ first_name: 'First' });
    expect(renamed.status).toBe(200);
    expect(renamed.headers.etag).toMatch(STRONG_TAG);
    expect(renamed.headers.etag).not.toBe(read.headers.etag);

    const stale = await http()
      .patch(path)
      .set(bearer(admin.accessToken))
      .set('If-Match', read.headers.etag)
      .send({ first_name: 'Second' });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('precondition_failed');
    const staleDelete = await http()
      .delete(path)
      .set(bearer(admin.accessToken))
      .set('If-Match', read.headers.etag);
    expect(staleDelete.status).toBe(412);

    const after = await http().get(path).set(bearer(admin.accessToken));
    expect(after.body).toMatchObject({ first_name: 'First', is_active: true });
    expect(after.headers.etag).toBe(renamed.headers.etag);
    await http()
      .delete(path)
      .set(bearer(admin.accessToken))
      .set('If-Match', after.headers.etag)
      .expect(204);
    const gone = await http().get(path).set(bearer(admin.accessToken));
    expect(gone.body.is_active).toBe(false);
  });

  it('alerts: a stale If-Match on PATCH is a 412 and the first status change stays', async () => {
    const student = await createStudent(app, teacher.accessToken, LOW_ATTENDANCE);
    await http()
      .get(`/api/predictions/${student.student_id}`)
      .set(bearer(teacher.accessToken))
      .expect(200);
    const list = await http()
      .get(`/api/alerts?student_id=${student.student_id}`)
      .set(bearer(teacher.accessToken))
      .expect(200);
    expect(list.body.data).toHaveLength(1);
    const path = `/api/alerts/${list.body.data[0].id as string}`;
    const read = await http().get(path).set(bearer(teacher.accessToken));
    expect(read.headers.etag).toMatch(STRONG_TAG);

    const acknowledged = await http()
      .patch(path)
      .set(bearer(teacher.accessToken))
      .set('If-Match', read.headers.etag)
      .send({ status: 'acknowledged', note: 'Calling the parents.' });
    expect(acknowledged.status).toBe(200);
    const stale = await http()
      .patch(path)
      .set(bearer(admin.accessToken))
      .set('If-Match', read.headers.etag)
      .send({ status: 'resolved' });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('precondition_failed');

    const after = await http().get(path).set(bearer(teacher.accessToken));
    expect(after.body).toMatchObject({ status: 'acknowledged', note: 'Calling the parents.' });
    expect(after.headers.etag).toBe(acknowledged.headers.etag);
  });

  it('alert rules: PUT with the set’s stale ETag is a 412 and the other replacement stays', async () => {
    const read = await http().get('/api/alert-rules').set(bearer(admin.accessToken));
    expect(read.headers.etag).toMatch(STRONG_TAG);
    const rules = (read.body.rules as RuleBody[]).map(
      ({ name, metric, operator, threshold, severity, enabled }) => ({
        name,
        metric,
        operator,
        threshold,
        severity,
        enabled,
      }),
    );
    const extra = { ...rules[0], name: 'If-Match check', threshold: 1 };
    const first = await http()
      .put('/api/alert-rules')
      .set(bearer(admin.accessToken))
      .set('If-Match', read.headers.etag)
      .send({ rules: [...rules, extra] });
    expect(first.status).toBe(200);
    expect(first.headers.etag).not.toBe(read.headers.etag);

    const stale = await http()
      .put('/api/alert-rules')
      .set(bearer(otherAdmin.accessToken))
      .set('If-Match', read.headers.etag)
      .send({ rules: [] });
    expect(stale.status).toBe(412);
    const after = await http().get('/api/alert-rules').set(bearer(admin.accessToken));
    expect(after.body.rules.map((r: RuleBody) => r.name)).toContain('If-Match check');
    expect(after.headers.etag).toBe(first.headers.etag);
  });

  it('interventions: a stale If-Match on PATCH is a 412 and the first change stays', async () => {
    const student = await createStudent(app, teacher.accessToken);
    const created = await http()
      .post(`/api/students/${student.student_id}/interventions`)
      .set(bearer(teacher.accessToken))
      .send({ type: 'tutoring', description: 'Weekly maths tutoring.' })
      .expect(201);
    const path = `/api/interventions/${created.body.id as string}`;
    const read = await http().get(path).set(bearer(teacher.accessToken));
    expect(read.headers.etag).toMatch(STRONG_TAG);
    const first = await http()
      .patch(path)
      .set(bearer(teacher.accessToken))
      .set('If-Match', read.headers.etag)
      .send({ status: 'in_progress' });
    expect(first.status).toBe(200);
    const stale = await http()
      .patch(path)
      .set(bearer(admin.accessToken))
      .set('If-Match', read.headers.etag)
      .send({ status: 'cancelled' });
    expect(stale.status).toBe(412);
    const after = await http().get(path).set(bearer(teacher.accessToken));
    expect(after.body.status).toBe('in_progress');
    expect(after.headers.etag).toBe(first.headers.etag);
  });

  it('preferences: a stale If-Match on PATCH is a 412 and the first change stays', async () => {
    const user = await createUserAndLogin(app, { role: 'teacher' });
    const path = '/api/users/me/preferences';
    const read = await http().get(path).set(bearer(user.accessToken));
    expect(read.headers.etag).toMatch(STRONG_TAG);
    const first = await http()
      .patch(path)
      .set(bearer(user.accessToken))
      .set('If-Match', read.headers.etag)
      .send({ alert_emails: 'all' });
    expect(first.status).toBe(200);
    const stale = await http()
      .patch(path)
      .set(bearer(user.accessToken))
      .set('If-Match', read.headers.etag)
      .send({ alert_emails: 'off' });
    expect(stale.status).toBe(412);
    const after = await http().get(path).set(bearer(user.accessToken));
    expect(after.body.alert_emails).toBe('all');
    expect(after.headers.etag).toBe(first.headers.etag);
  });
});

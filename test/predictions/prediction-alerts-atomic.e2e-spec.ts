import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../../src/common/auth/authenticated-user';
import { PredictionsService } from '../../src/predictions/predictions.service';
import { bearer, createUserAndLogin, LoggedInUser } from '../helpers/auth';
import { createTestApp } from '../helpers/test-app';
import { createStudent, LOW_ATTENDANCE } from '../students/student-factory';

/**
 * Predictions are stored and their alerts opened in one transaction, although the alert rules
 * are the notifications module's: when opening an alert fails, no prediction is left behind.
 * This file breaks the alerts table with a trigger, on the database this file has to itself,
 * and calls the service (an unexpected database error is an undocumented 500 over HTTP).
 */
describe('Stored predictions and their alerts commit together', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let teacher: LoggedInUser;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    teacher = await createUserAndLogin(app, { role: 'teacher' });
  });

  afterAll(async () => {
    await dataSource.query('DROP TRIGGER IF EXISTS alerts_refused ON alerts');
    await dataSource.query('DROP FUNCTION IF EXISTS refuse_alert()');
    await app.close();
  });

  async function stored(studentId: string): Promise<{ predictions: number; alerts: number }> {
    const [row] = await dataSource.query<{ predictions: number; alerts: number }[]>(
      `SELECT (SELECT count(*)::int FROM predictions p WHERE p.student_profile_id = s.id) AS predictions,
              (SELECT count(*)::int FROM alerts a WHERE a.student_profile_id = s.id) AS alerts
       FROM student_profiles s WHERE s.student_id = $1`,
      [studentId],
    );
    return row;
  }

  async function refuseAlerts(): Promise<void> {
    await dataSource.query(`CREATE FUNCTION refuse_alert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'alerts are refused by this test'; END $$`);
    await dataSource.query(
      'CREATE TRIGGER alerts_refused BEFORE INSERT ON alerts FOR EACH ROW EXECUTE FUNCTION refuse_alert()',
    );
  }

  it('stores nothing when opening the alerts fails, single or batch, and both once it works', async () => {
    const atRisk = await createStudent(app, teacher.accessToken, LOW_ATTENDANCE);
    const other = await createStudent(app, teacher.accessToken);
    await refuseAlerts();

    const predictions = app.get(PredictionsService);
    const caller: AuthenticatedUser = {
      id: teacher.user.id,
      email: teacher.user.email,
      role: 'teacher',
      sessionId: 'test',
    };
    await expect(predictions.predictStudent(caller, atRisk.student_id)).rejects.toThrow(
      'alerts are refused by this test',
    );
    await expect(
      predictions.predictBatch(caller, [other.student_id, atRisk.student_id]),
    ).rejects.toThrow('alerts are refused by this test');
    expect(await stored(atRisk.student_id)).toEqual({ predictions: 0, alerts: 0 });
    expect(await stored(other.student_id)).toEqual({ predictions: 0, alerts: 0 });

    await dataSource.query('DROP TRIGGER alerts_refused ON alerts');
    await http()
      .post('/api/predictions/batch')
      .set(bearer(teacher.accessToken))
      .send({ student_ids: [other.student_id, atRisk.student_id] })
      .expect(200);
    expect(await stored(atRisk.student_id)).toEqual({ predictions: 1, alerts: 1 });
    expect(await stored(other.student_id)).toEqual({ predictions: 1, alerts: 0 });
  });
});

import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Alert } from '../../src/notifications/entities/alert.entity';
import { Intervention } from '../../src/notifications/entities/intervention.entity';
import { Notification } from '../../src/notifications/entities/notification.entity';
import { Prediction } from '../../src/predictions/entities/prediction.entity';
import { Recommendation } from '../../src/predictions/entities/recommendation.entity';
import { PerformanceRecord } from '../../src/students/entities/performance-record.entity';
import { StudentProfile } from '../../src/students/entities/student-profile.entity';
import { User } from '../../src/users/entities/user.entity';
import { bearer, createUserAndLogin, LoggedInUser } from '../helpers/auth';
import { createTestApp } from '../helpers/test-app';
import { createStudent, linkStudent } from './student-factory';

describe('Students: privacy export and erasure', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let teacher: LoggedInUser;
  let admin: LoggedInUser;
  const http = () => request(app.getHttpServer());

  /** A linked student with one item of every kind of data held about a student. */
  async function studentWithData() {
    const user = await createUserAndLogin(app, { role: 'student', firstName: 'Hedy' });
    const profile = await createStudent(app, teacher.accessToken, {
      first_name: 'Hedy',
      email: user.user.email,
    });
    await linkStudent(app, admin.accessToken, profile.student_id, user.user.id);
    await http()
      .post(`/api/students/${profile.student_id}/performance-records`)
      .set(bearer(teacher.accessToken))
      .send({ exam_score: 71, term: 'T1' })
      .expect(201);
    const { id: profileId } = await dataSource
      .getRepository(StudentProfile)
      .findOneByOrFail({ studentId: profile.student_id });
    const prediction = await dataSource.getRepository(Prediction).save({
      studentProfileId: profileId,
      modelVersion: 'test-model',
      predictedScore: 66.5,
      confidenceLevel: 0.8,
      intervalLower: 61,
      intervalUpper: 72,
      intervalLevel: 0.9,
      riskLevel: 'medium',
      topFactors: [{ feature: 'attendance', value: 84, contribution: 1.5 }],
      inputSnapshot: { attendance: 84 },
    });
    await dataSource.getRepository(Recommendation).save({
      studentProfileId: profileId,
      predictionId: prediction.id,
      factor: 'hours_studied',
      currentValue: 23,
      suggestedValue: 28,
      expectedGain: 1.2,
      message: 'Study five more hours a week.',
      modelVersion: 'test-model',
    });
    const alert = await dataSource.getRepository(Alert).save({
      studentProfileId: profileId,
      predictionId: prediction.id,
      type: 'low_predicted_score',
      severity: 'medium',
      message: 'Predicted score below 70.',
    });
    await dataSource.getRepository(Intervention).save({
      studentProfileId: profileId,
      alertId: alert.id,
      type: 'tutoring',
      description: 'Weekly tutoring.',
    });
    await dataSource.getRepository(Notification).save({
      userId: user.user.id,
      type: 'alert_raised',
      title: 'New alert',
      message: 'Hedy, an alert was raised.',
    });
    return { user, profile, profileId };
  }

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

  describe('data export', () => {
    it('gives the student everything held about them, and no secret', async () => {
      const { user, profile } = await studentWithData();
      const res = await http()
        .get(`/api/students/${profile.student_id}/data-export`)
        .set(bearer(user.accessToken))
        .expect(200);
      expect(res.body.student).toMatchObject({
        student_id: profile.student_id,
        first_name: 'Hedy',
      });
      expect(res.body.performance_records).toHaveLength(1);
      expect(res.body.predictions).toEqual([
        expect.objectContaining({
          predicted_score: 66.5,
          prediction_interval: { lower: 61, upper: 72, level: 0.9 },
        }),
      ]);
      expect(res.body.recommendations).toEqual([
        expect.objectContaining({
          factor: 'hours_studied',
          current_value: 23,
          suggested_value: 28,
        }),
      ]);
      expect(res.body.alerts).toHaveLength(1);
      expect(res.body.interventions).toHaveLength(1);
      expect(res.body.notifications).toEqual([expect.objectContaining({ title: 'New alert' })]);
      expect(res.body.user).toMatchObject({
        id: user.user.id,
        email: user.user.email,
        student_id: profile.student_id,
      });
      expect(res.body.audit_events.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['student.created', 'student.user_linked']),
      );
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/password|hash|token/i);
      expect(text).not.toContain(user.password);
    });

    it('is for administrators and the student themself only', async () => {
      const { profile } = await studentWithData();
      const other = await createUserAndLogin(app, { role: 'student' });
      const mine = await createStudent(app, teacher.accessToken);
      await linkStudent(app, admin.accessToken, mine.student_id, other.user.id);
      const path = `/api/students/${profile.student_id}/data-export`;
      const asAdmin = await http().get(path).set(bearer(admin.accessToken)).expect(200);
      expect(asAdmin.body.student.student_id).toBe(profile.student_id);
      await http().get(path).set(bearer(teacher.accessToken)).expect(403);
      await http().get(path).set(bearer(other.accessToken)).expect(404);
      await http().get(path).expect(401);
    });

    it('exports an unlinked student without a user', async () => {
      const profile = await createStudent(app, teacher.accessToken);
      const res = await http()
        .get(`/api/students/${profile.student_id}/data-export`)
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(res.body).not.toHaveProperty('user');
      expect(res.body.notifications).toEqual([]);
    });
  });

  describe('erasure', () => {
    it('removes the profile and its records, anonymises and signs out the account, and audits without personal data', async () => {
      const { user, profile, profileId } = await studentWithData();
      const res = await http()
        .post(`/api/students/${profile.student_id}/erase`)
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(res.body).toEqual({
        student_id: profile.student_id,
        erased_at: expect.any(String),
        user_anonymised: true,
        removed: {
          performance_records: 1,
          predictions: 1,
          recommendations: 1,
          alerts: 1,
          interventions: 1,
          notifications: 1,
        },
      });

      await http()
        .get(`/api/students/${profile.student_id}`)
        .set(bearer(admin.accessToken))
        .expect(404);
      for (const entity of [PerformanceRecord, Prediction, Recommendation, Alert, Intervention]) {
        expect(
          await dataSource.getRepository(entity).countBy({ studentProfileId: profileId }),
        ).toBe(0);
      }
      expect(await dataSource.getRepository(Notification).countBy({ userId: user.user.id })).toBe(
        0,
      );

      const account = await dataSource.getRepository(User).findOneByOrFail({ id: user.user.id });
      expect(account).toMatchObject({ isActive: false, firstName: 'Erased', lastName: 'User' });
      expect(account.email).not.toContain(user.user.email.split('@')[0]);
      await http().get('/api/auth/me').set(bearer(user.accessToken)).expect(401);
      await http()
        .post('/api/auth/login')
        .send({ email: user.user.email, password: user.password })
        .expect(401);

      const audit = await http()
        .get('/api/audit-logs')
        .query({ target: `student:${profile.student_id}`, action: 'student.erased' })
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(audit.body.data).toHaveLength(1);
      const text = JSON.stringify(audit.body.data[0]);
      expect(text).not.toContain('Hedy');
      expect(text).not.toContain(user.user.email);
    });

    it('erases an unlinked student, is for administrators only, and 404s afterwards', async () => {
      const profile = await createStudent(app, teacher.accessToken);
      const path = `/api/students/${profile.student_id}/erase`;
      await http().post(path).set(bearer(teacher.accessToken)).expect(403);
      const res = await http().post(path).set(bearer(admin.accessToken)).expect(200);
      expect(res.body.user_anonymised).toBe(false);
      await http().post(path).set(bearer(admin.accessToken)).expect(404);
    });
  });
});

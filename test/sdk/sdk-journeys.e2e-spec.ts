import { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import {
  ApiError,
  ApiSession,
  client as defaultClient,
  type GetStudentErrors,
  isApiError,
  MissingBaseUrlError,
  createStudent,
  createUser,
  exportStudents,
  getActiveModel,
  getAnalyticsOverview,
  getImport,
  getMe,
  getStudent,
  importStudents,
  listModels,
  listStudents,
  listUsers,
  predictBatch,
  predictStudent,
  register,
  verifyEmailLink,
} from '../../sdk/src';
import { createUserAndLogin, strongPassword, uniqueEmail } from '../helpers/auth';
import { identityCsv } from '../helpers/import-export';
import { MailCatcher, startMailCatcher, tokenFromMail } from '../helpers/mail-catcher';
import { createTestApp } from '../helpers/test-app';

/**
 * The main journeys, driven only through the generated SDK against the real server listening
 * on a free port, with a real database and a real SMTP server.
 */
describe('SDK journeys against the live server', () => {
  let app: NestExpressApplication;
  let mail: MailCatcher;
  let baseUrl: string;

  beforeAll(async () => {
    mail = await startMailCatcher();
    app = await createTestApp(mail.env);
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app.close();
    await mail.stop();
  });

  it('student: register, verify through the emailed link, sign in, read own profile', async () => {
    const api = new ApiSession({ baseUrl });
    const email = uniqueEmail('sdk-student');
    const password = strongPassword();
    const registered = await register({
      client: api.client,
      body: { email, password, first_name: 'Ada', last_name: 'Sdk' },
    });
    expect(registered.response.status).toBe(201);
    expect(registered.data?.user.email_verified).toBe(false);

    const message = await mail.waitForMail(email);
    const token = tokenFromMail(message);
    const verified = await verifyEmailLink({ client: api.client, query: { token } });
    expect(verified.data?.user.email_verified).toBe(true);

    const user = await api.login(email, password);
    expect(user.role).toBe('student');
    const me = await getMe({ client: api.client, throwOnError: true });
    expect(me.data.email).toBe(email);
    await api.logout();
    const after = await getMe({ client: api.client });
    expect(after.response.status).toBe(401);
  });

  it('teacher: students, a prediction, a batch, analytics and an export', async () => {
    const teacher = await createUserAndLogin(app, { role: 'teacher' });
    const api = new ApiSession({ baseUrl });
    await api.login(teacher.user.email, teacher.password);

    const marker = `Sdk${randomBytes(4).toString('hex')}`;
    const created = await createStudent({
      client: api.client,
      throwOnError: true,
      body: {
        first_name: 'Grace',
        last_name: marker,
        gender: 'Female',
        hours_studied: 24,
        attendance: 91,
        parental_involvement: 'Medium',
        access_to_resources: 'High',
        extracurricular_activities: true,
        sleep_hours: 7,
        previous_scores: 82,
        motivation_level: 'Medium',
        internet_access: true,
        tutoring_sessions: 2,
        family_income: 'Medium',
        teacher_quality: 'High',
        school_type: 'Public',
        peer_influence: 'Positive',
        physical_activity: 3,
        learning_disabilities: false,
        parental_education_level: 'College',
        distance_from_home: 'Near',
        exam_score: 71,
      },
    });
    const studentId = created.data.student_id;
    expect(studentId).toMatch(/^STU\d{4,}$/);

    const fetched = await getStudent({
      client: api.client,
      path: { student_id: studentId },
      throwOnError: true,
    });
    expect(fetched.data.last_name).toBe(marker);

    const list = await listStudents({
      client: api.client,
      query: { search: marker },
      throwOnError: true,
    });
    expect(list.data.meta.total).toBe(1);

    const prediction = await predictStudent({
      client: api.client,
      path: { student_id: studentId },
      throwOnError: true,
    });
    expect(prediction.data.student_id).toBe(studentId);
    expect(prediction.data.prediction_interval.lower).toBeLessThanOrEqual(
      prediction.data.predicted_score,
    );
    expect(prediction.data.prediction_interval.upper).toBeGreaterThanOrEqual(
      prediction.data.predicted_score,
    );
    expect(prediction.data.top_factors.length).toBeGreaterThan(0);

    const batch = await predictBatch({
      client: api.client,
      body: { student_ids: [studentId, 'STU99999999'] },
      throwOnError: true,
    });
    expect(batch.data.predictions.map((p) => p.student_id)).toEqual([studentId]);
    expect(batch.data.not_found).toEqual(['STU99999999']);
    expect(batch.data.model_version).toBe(prediction.data.model_version);

    const overview = await getAnalyticsOverview({
      client: api.client,
      query: { search: marker },
      throwOnError: true,
    });
    expect(overview.data.students).toBe(1);

    const csv = await exportStudents({
      client: api.client,
      query: { format: 'csv', search: marker },
      throwOnError: true,
    });
    // Typed as the JSON array or the CSV text; the CSV comes back as text.
    expect(typeof csv.data).toBe('string');
    const lines = (typeof csv.data === 'string' ? csv.data : '').trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Student_ID,First_Name,Last_Name/);
    expect(lines[1]).toContain(studentId);
  });

  it('administrator: users, an import and the models', async () => {
    const admin = await createUserAndLogin(app, { role: 'administrator' });
    const api = new ApiSession({ baseUrl });
    await api.login(admin.user.email, admin.password);

    const teacherEmail = uniqueEmail('sdk-teacher');
    const made = await createUser({
      client: api.client,
      body: {
        email: teacherEmail,
        password: strongPassword(),
        first_name: 'Alan',
        last_name: 'Sdk',
        role: 'teacher',
        email_verified: true,
      },
      throwOnError: true,
    });
    expect(made.data.role).toBe('teacher');
    const users = await listUsers({
      client: api.client,
      query: { search: teacherEmail },
      throwOnError: true,
    });
    expect(users.data.data.map((u) => u.email)).toEqual([teacherEmail]);

    const tag = randomBytes(4).toString('hex');
    const csv = identityCsv([
      { first: 'Imported', last: `Sdk${tag}` },
      { first: 'Imported', last: `Sdk${tag}` },
    ]);
    const imported = await importStudents({
      client: api.client,
      body: { file: new Blob([csv], { type: 'text/csv' }) },
      throwOnError: true,
    });
    expect(imported.data.inserted).toBe(2);
    const report = await getImport({
      client: api.client,
      path: { import_id: imported.data.import_id },
      throwOnError: true,
    });
    expect(report.data.rows_total).toBe(2);

    const models = await listModels({ client: api.client, throwOnError: true });
    expect(models.data.data.some((m) => m.is_active)).toBe(true);
    const active = await getActiveModel({ client: api.client, throwOnError: true });
    expect(active.data.features).toHaveLength(19);
  });

  it('error answers are ApiError: thrown with throwOnError, returned otherwise, typed by status', async () => {
    const teacher = await createUserAndLogin(app, { role: 'teacher' });
    const api = new ApiSession({ baseUrl });
    await api.login(teacher.user.email, teacher.password);
    const missing = { client: api.client, path: { student_id: 'STU99999998' } };
    const thrown: unknown = await getStudent({ ...missing, throwOnError: true }).catch(
      (error: unknown) => error,
    );
    expect(thrown).toBeInstanceOf(ApiError);
    expect(thrown).toBeInstanceOf(Error);
    expect(isApiError<GetStudentErrors>(thrown)).toBe(true);
    const error = thrown as ApiError;
    expect({ status: error.status, code: error.code, name: error.name }).toEqual({
      status: 404,
      code: 'student_not_found',
      name: 'ApiError',
    });
    expect(error.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.problem).toMatchObject({ status: 404, code: 'student_not_found' });
    expect(error.stack).toContain('ApiError');
    const returned = await getStudent(missing);
    expect(returned.error).toBeInstanceOf(ApiError);
    expect(returned.error?.code).toBe('student_not_found');

    await expect(api.login(teacher.user.email, 'Wrong-password-1')).rejects.toMatchObject({
      name: 'ApiError',
      status: 401,
      code: 'invalid_credentials',
    });
  });

  it('a call without a base URL fails at once, saying so', async () => {
    await expect(listUsers({ client: defaultClient })).rejects.toBeInstanceOf(MissingBaseUrlError);
    expect(() => new ApiSession({ baseUrl: '' })).toThrow(/no base URL/);
  });

  it('renews an access token the server refuses, then retries the call', async () => {
    const user = await createUserAndLogin(app, { role: 'student' });
    const api = new ApiSession({
      baseUrl,
      tokens: {
        accessToken: 'not-a-valid-token',
        refreshToken: user.refreshToken,
        expiresAt: Date.now() + 600_000,
      },
    });
    const me = await getMe({ client: api.client });
    expect(me.response.status).toBe(200);
    expect(me.data?.email).toBe(user.user.email);
    expect(api.currentTokens?.refreshToken).not.toBe(user.refreshToken);
  });
});

import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../../src/common/auth/authenticated-user';
import { PredictionsService } from '../../src/predictions/predictions.service';
import { bearer, createUserAndLogin, LoggedInUser } from '../helpers/auth';
import { identityCsv, seedRow, uniqueTag, upload } from '../helpers/import-export';
import { createTestApp } from '../helpers/test-app';

const STUDENTS = 2_000;

interface StoredRow {
  student_id: string;
  prediction_id: string;
  model_version: string;
  predicted_score: number;
  confidence_level: number;
  interval_lower: number;
  interval_upper: number;
  interval_level: number;
  risk_level: string;
  top_factors: unknown;
  input_snapshot: unknown;
  requested_by: string;
  alerts: {
    prediction_id: string;
    rule_id: string;
    type: string;
    severity: string;
    status: string;
    message: string;
  }[];
}

/**
 * A batch stores what the single-prediction path stores: 2,000 students are imported twice
 * (the same factors under two ids), one copy predicted in one batch, the other one student at a
 * time; every stored prediction and every alert the rules open must be the same for both copies.
 */
describe('A batch prediction stores what single predictions store', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let teacher: LoggedInUser;
  let admin: LoggedInUser;

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

  /** Each student's one prediction and its alerts, in the order of `ids`. */
  async function storedOf(ids: string[]): Promise<StoredRow[]> {
    const rows = await dataSource.query<StoredRow[]>(
      `SELECT s.student_id, p.id AS prediction_id, p.model_version, p.predicted_score,
              p.confidence_level, p.interval_lower, p.interval_upper, p.interval_level,
              p.risk_level, p.top_factors, p.input_snapshot, p.requested_by,
              coalesce((SELECT jsonb_agg(jsonb_build_object(
                         'prediction_id', a.prediction_id, 'rule_id', a.rule_id, 'type', a.type,
                         'severity', a.severity, 'status', a.status, 'message', a.message)
                       ORDER BY a.rule_id)
                        FROM alerts a WHERE a.student_profile_id = s.id), '[]') AS alerts
       FROM unnest($1::varchar[]) WITH ORDINALITY AS i(student_id, n)
       JOIN student_profiles s ON s.student_id = i.student_id
       JOIN predictions p ON p.student_profile_id = s.id
       ORDER BY i.n`,
      [ids],
    );
    return rows;
  }

  it('stores every prediction of 2,000 students and exactly the alerts the single path opens', async () => {
    const tag = uniqueTag('BS');
    const batchIds = Array.from({ length: STUDENTS }, (_, i) => `${tag}-b${i}`);
    const singleIds = Array.from({ length: STUDENTS }, (_, i) => `${tag}-s${i}`);
    const csv = identityCsv([
      ...batchIds.map((id, i) => ({ id, data: seedRow(i) })),
      ...singleIds.map((id, i) => ({ id, data: seedRow(i) })),
    ]);
    const imported = await upload(app, admin.accessToken, csv).expect(201);
    expect(imported.body.inserted).toBe(2 * STUDENTS);

    const res = await request(app.getHttpServer())
      .post('/api/predictions/batch')
      .set(bearer(teacher.accessToken))
      .send({ student_ids: batchIds })
      .expect(200);
    expect(res.body.not_found).toEqual([]);
    expect(res.body.predictions).toHaveLength(STUDENTS);

    const predictions = app.get(PredictionsService);
    const caller: AuthenticatedUser = {
      id: teacher.user.id,
      email: teacher.user.email,
      role: 'teacher',
      sessionId: 'test',
    };
    for (let start = 0; start < STUDENTS; start += 8) {
      await Promise.all(
        singleIds.slice(start, start + 8).map((id) => predictions.predictStudent(caller, id)),
      );
    }

    const batch = await storedOf(batchIds);
    const single = await storedOf(singleIds);
    expect(batch).toHaveLength(STUDENTS);
    expect(single).toHaveLength(STUDENTS);
    // The answer is what was stored.
    const answered = res.body.predictions as { student_id: string; id: string }[];
    expect(answered.map((p) => [p.student_id, p.id])).toEqual(
      batch.map((row) => [row.student_id, row.prediction_id]),
    );
    const comparable = (row: StoredRow) => ({
      ...row,
      student_id: undefined,
      prediction_id: undefined,
      alerts: row.alerts.map((alert) => ({ ...alert, prediction_id: undefined })),
    });
    expect(batch.map(comparable)).toEqual(single.map(comparable));
    // Every alert names the prediction that opened it, and the rules opened some of each kind.
    for (const row of [...batch, ...single]) {
      for (const alert of row.alerts) expect(alert.prediction_id).toBe(row.prediction_id);
    }
    const types = new Set(batch.flatMap((row) => row.alerts.map((a) => `${a.type}/${a.severity}`)));
    // All three default rules (high risk, medium risk, low attendance) open alerts here.
    expect([...types].sort()).toEqual([
      'attendance/medium',
      'risk_level/high',
      'risk_level/medium',
    ]);
    expect(batch.every((row) => row.requested_by === teacher.user.id)).toBe(true);
  });
});

import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { InclusiveGender1796185772751 } from '../../migrations/1796185772751-InclusiveGender';
import { learntShares, StudentFactors, StudentScoreModel } from '../../src/predictions/ml';
import { activeModelFiles } from '../../src/predictions/ml/testing/fixtures';
import { bearer, createUserAndLogin, LoggedInUser } from '../helpers/auth';
import {
  exportJson,
  exportText,
  identityCsv,
  seedRow,
  uniqueTag,
  upload,
} from '../helpers/import-export';
import { createTestApp } from '../helpers/test-app';
import { insertLabelledStudents } from '../predictions/labelled-students';
import { createStudent, studentFactors, uniqueToken } from './student-factory';

const GENDERS = ['Male', 'Female', 'Non-binary', 'Not stated'] as const;

interface PredictionBody {
  student_id: string;
  predicted_score: number;
  model_version: string;
  top_factors: { feature: string; value: unknown; contribution: number }[];
  unused_factors?: { feature: string; value: string; reason: string }[];
}

describe('Gender beyond the data set’s two values', () => {
  let app: NestExpressApplication;
  let db: DataSource;
  let admin: LoggedInUser;
  let teacher: LoggedInUser;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
    db = app.get(DataSource);
    [admin, teacher] = await Promise.all([
      createUserAndLogin(app, { role: 'administrator' }),
      createUserAndLogin(app, { role: 'teacher' }),
    ]);
  });

  afterAll(async () => {
    await app.close();
  });

  it('creates, updates, lists and filters students with each of the four values', async () => {
    const token = uniqueToken();
    const created = [];
    for (const gender of GENDERS) {
      created.push(await createStudent(app, teacher.accessToken, { last_name: token, gender }));
    }
    expect(created.map((s) => s.gender)).toEqual(GENDERS);
    const patched = await http()
      .patch(`/api/students/${created[0].student_id}`)
      .set(bearer(teacher.accessToken))
      .send({ gender: 'Not stated' })
      .expect(200);
    expect(patched.body.gender).toBe('Not stated');

    const list = await http()
      .get('/api/students')
      .query({ search: token, gender: 'Non-binary' })
      .set(bearer(teacher.accessToken))
      .expect(200);
    expect(list.body.data.map((s: { student_id: string }) => s.student_id)).toEqual([
      created[2].student_id,
    ]);
    const notStated = await http()
      .get('/api/students')
      .query({ search: token, gender: 'Not stated', sort: 'student_id' })
      .set(bearer(teacher.accessToken))
      .expect(200);
    expect(notStated.body.data).toHaveLength(2);

    const refused = await http()
      .post('/api/students')
      .set(bearer(teacher.accessToken))
      .send({ first_name: 'Ada', last_name: token, ...studentFactors(), gender: 'Other' })
      .expect(400);
    expect(refused.body.errors).toContainEqual({
      field: 'gender',
      message: 'gender must be one of: Male, Female, Non-binary, Not stated',
    });
  });

  it('imports and exports the new values, and the export filters by them', async () => {
    const tag = uniqueTag('IG');
    const rows = [0, 1, 2, 3].map((i) => ({
      first: tag,
      data: seedRow(i).replace(/,(Male|Female),(\d+)$/, `,${GENDERS[i]},$2`),
    }));
    const imported = await upload(app, admin.accessToken, identityCsv(rows)).expect(201);
    expect(imported.body).toMatchObject({ rows_total: 4, inserted: 4, error_count: 0 });

    const json = await exportJson(app, teacher.accessToken, { search: tag }).expect(200);
    expect((json.body as { gender: string }[]).map((s) => s.gender).sort()).toEqual(
      [...GENDERS].sort(),
    );
    const nonBinary = await exportJson(app, teacher.accessToken, {
      search: tag,
      gender: 'Non-binary',
    }).expect(200);
    expect((nonBinary.body as { gender: string }[]).map((s) => s.gender)).toEqual(['Non-binary']);

    const csv = await exportText(app, teacher.accessToken, { search: tag, format: 'csv' }).expect(
      200,
    );
    const lines = (csv.body as string)
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split(/\r?\n/);
    const header = lines[0].split(',');
    const column = header.indexOf('Gender');
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[column])
        .sort(),
    ).toEqual([...GENDERS].sort());

    // The exported file imports again as it is (a re-import updates the same students).
    const again = await upload(app, admin.accessToken, csv.body as string).expect(201);
    expect(again.body).toMatchObject({ rows_total: 4, error_count: 0 });
  });

  describe('predictions', () => {
    let model: StudentScoreModel;
    const files = activeModelFiles();
    beforeAll(async () => {
      model = await StudentScoreModel.load(files.onnx, { card: files.card });
    });
    afterAll(async () => {
      await model.release();
    });

    it('predict Non-binary and Not stated students as the training-weighted average of Male and Female, and say gender was not used', async () => {
      const token = uniqueToken();
      const ids: Record<string, string> = {};
      for (const gender of GENDERS) {
        ids[gender] = (
          await createStudent(app, teacher.accessToken, { last_name: token, gender })
        ).student_id;
      }
      const factors = studentFactors() as unknown as StudentFactors;
      const [male, female] = (
        await model.predict([
          { ...factors, gender: 'Male' },
          { ...factors, gender: 'Female' },
        ])
      ).mean;
      const [pMale, pFemale] = learntShares(files.card).get('gender') ?? [];
      const marginal = Math.round((pMale * male + pFemale * female) * 100) / 100;

      for (const gender of ['Non-binary', 'Not stated'] as const) {
        const res = await http()
          .get(`/api/predictions/${ids[gender]}`)
          .set(bearer(teacher.accessToken))
          .expect(200);
        const body = res.body as PredictionBody;
        expect(body.model_version).toBe(files.card.version);
        expect(body.predicted_score).toBe(marginal);
        expect(body.unused_factors).toEqual([
          {
            feature: 'gender',
            value: gender,
            reason: expect.stringMatching(
              new RegExp(
                `^gender not used: ${gender} is not one of the values the model learnt \\(Male, Female\\)`,
              ),
            ),
          },
        ]);
        expect(body.top_factors.find((f) => f.feature === 'gender')?.contribution ?? 0).toBe(0);
      }
      const maleRes = await http()
        .get(`/api/predictions/${ids.Male}`)
        .set(bearer(teacher.accessToken))
        .expect(200);
      expect(maleRes.body.unused_factors).toBeUndefined();
      expect(maleRes.body.predicted_score).toBe(Math.round(male * 100) / 100);

      const batch = await http()
        .post('/api/predictions/batch')
        .set(bearer(teacher.accessToken))
        .send({ student_ids: GENDERS.map((g) => ids[g]) })
        .expect(200);
      const scores = (batch.body.predictions as PredictionBody[]).map((p) => p.predicted_score);
      expect(scores).toEqual([
        Math.round(male * 100) / 100,
        Math.round(female * 100) / 100,
        marginal,
        marginal,
      ]);

      const whatIf = await http()
        .post('/api/predictions/what-if')
        .set(bearer(teacher.accessToken))
        .send({ student_id: ids['Not stated'], changes: { hours_studied: 30 } })
        .expect(200);
      expect(whatIf.body.delta).toBeGreaterThan(0);
      expect(whatIf.body.scenario.unused_factors[0].feature).toBe('gender');

      const recommendations = await http()
        .get(`/api/students/${ids['Non-binary']}/recommendations`)
        .set(bearer(teacher.accessToken))
        .expect(200);
      expect(JSON.stringify(recommendations.body)).not.toMatch(/"factor":"gender"/);
    });

    it('the model card says how the values the model did not learn from are treated', async () => {
      const card = await http()
        .get('/api/models/active')
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(card.body.limitations).toContainEqual(
        expect.stringMatching(
          /^gender: the model learnt from Male and Female only\. For Non-binary or Not stated it does not use gender/,
        ),
      );
    });
  });

  it('shows each value as its own group in analytics, and filters by it', async () => {
    const token = uniqueToken();
    const plan: [string, number][] = [
      ['Male', 60],
      ['Female', 70],
      ['Non-binary', 80],
      ['Non-binary', 90],
      ['Not stated', 75],
    ];
    for (const [gender, exam_score] of plan) {
      await createStudent(app, teacher.accessToken, { last_name: token, gender, exam_score });
    }
    const demographics = await http()
      .get('/api/analytics/demographics')
      .query({ search: token })
      .set(bearer(teacher.accessToken))
      .expect(200);
    expect(demographics.body.dimensions.gender).toEqual([
      { value: 'Male', students: 1, share: 0.2, mean_exam_score: 60 },
      { value: 'Female', students: 1, share: 0.2, mean_exam_score: 70 },
      { value: 'Non-binary', students: 2, share: 0.4, mean_exam_score: 85 },
      { value: 'Not stated', students: 1, share: 0.2, mean_exam_score: 75 },
    ]);

    const overview = await http()
      .get('/api/analytics/overview')
      .query({ search: token, gender: 'Non-binary' })
      .set(bearer(teacher.accessToken))
      .expect(200);
    expect(overview.body.students).toBe(2);

    const factor = await http()
      .get('/api/analytics/factors/gender')
      .query({ search: token })
      .set(bearer(teacher.accessToken))
      .expect(200);
    expect(factor.body.groups.map((g: { value: string }) => g.value)).toEqual([...GENDERS]);
  });

  it('training leaves the students with a new value out and says how many', async () => {
    const ids = await insertLabelledStudents(app, 300);
    await db.query(`UPDATE student_profiles SET gender = 'Not stated' WHERE student_id = ANY($1)`, [
      ids.slice(0, 30),
    ]);
    const [{ labelled, other }] = await db.query<{ labelled: number; other: number }[]>(
      `SELECT count(*)::int AS labelled,
              count(*) FILTER (WHERE gender NOT IN ('Male', 'Female'))::int AS other
       FROM student_profiles WHERE exam_score IS NOT NULL`,
    );
    expect(other).toBeGreaterThanOrEqual(30);

    let res = await http()
      .post('/api/models/train')
      .set(bearer(admin.accessToken))
      .send({ activate: false });
    expect(res.status).toBe(202);
    const deadline = Date.now() + 90_000;
    while (res.body.status !== 'succeeded' && res.body.status !== 'failed') {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 300));
      res = await http()
        .get(`/api/models/jobs/${res.body.id}`)
        .set(bearer(admin.accessToken))
        .expect(200);
    }
    expect(res.body.status).toBe('succeeded');
    const [model] = await db.query<
      { source: string; rows: number; genders: Record<string, unknown> }[]
    >(
      `SELECT card->'data'->>'source' AS source, (card->'data'->>'rows')::int AS rows,
              card->'metrics'->'subgroups'->'outOfBag'->'gender' AS genders
       FROM models WHERE version = $1`,
      [res.body.model_version],
    );
    expect(model.source).toBe(
      `student_profiles with an exam score (${labelled} students); ${other} of them left out of training: a gender value the model has no input for (Non-binary, Not stated)`,
    );
    expect(model.rows).toBe(labelled - other);
    expect(Object.keys(model.genders).sort()).toEqual(['Female', 'Male']);
  });

  it('the migration’s down refuses while a student has a new value, and changes nothing', async () => {
    const migration = new InclusiveGender1796185772751();
    const runner = db.createQueryRunner();
    await runner.connect();
    try {
      const token = uniqueToken();
      await createStudent(app, teacher.accessToken, { last_name: token, gender: 'Non-binary' });
      const [{ count }] = (await runner.query(
        `SELECT count(*)::int AS count FROM student_profiles WHERE gender NOT IN ('Male', 'Female')`,
      )) as { count: number }[];
      await expect(migration.down(runner)).rejects.toThrow(
        `Cannot revert InclusiveGender: ${count} student(s) have a gender other than Male or Female`,
      );
      // Still accepted: nothing was changed.
      await createStudent(app, teacher.accessToken, { last_name: token, gender: 'Not stated' });

      await runner.startTransaction();
      try {
        await runner.query(`DELETE FROM student_profiles WHERE gender NOT IN ('Male', 'Female')`);
        await migration.down(runner);
        await runner.query('SAVEPOINT before_insert');
        await expect(
          runner.query(`UPDATE student_profiles SET gender = 'Non-binary' WHERE ctid IN
            (SELECT ctid FROM student_profiles LIMIT 1)`),
        ).rejects.toThrow(/student_profiles_gender_check/);
        await runner.query('ROLLBACK TO SAVEPOINT before_insert');
        await migration.up(runner);
        const [{ updated }] = (await runner.query(
          `WITH u AS (UPDATE student_profiles SET gender = 'Non-binary' WHERE ctid IN
             (SELECT ctid FROM student_profiles LIMIT 1) RETURNING 1)
           SELECT count(*)::int AS updated FROM u`,
        )) as { updated: number }[];
        expect(updated).toBe(1);
      } finally {
        // The test's own database keeps its students and the current constraint.
        await runner.rollbackTransaction();
      }
    } finally {
      await runner.release();
    }
  });
});

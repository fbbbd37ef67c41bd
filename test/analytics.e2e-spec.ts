import { DataSource } from 'typeorm';
import type { ProblemResponseDto } from '../src/common/http/problem-response.dto';
import type { AnalyticsOverviewResponseDto } from '../src/analytics/dto/analytics-overview-response.dto';
import type { DemographicsResponseDto } from '../src/analytics/dto/demographics-response.dto';
import type { FactorAnalysisResponseDto } from '../src/analytics/dto/factor-analysis-response.dto';
import type { InsightsResponseDto } from '../src/analytics/dto/insights-response.dto';
import type { PerformanceTrendsResponseDto } from '../src/analytics/dto/performance-trends-response.dto';
import type { RiskAnalyticsResponseDto } from '../src/analytics/dto/risk-analytics-response.dto';
import { bearer, type LoggedInUser } from './helpers/auth';
import { useHttpApp } from './helpers/http-app';
import { createStudent, uniqueToken } from './students/student-factory';

/**
 * Five students share a surname no other test uses; every request adds `search: token`, so
 * the figures are exactly theirs although other tests add students to the same database.
 *
 *        gender  hours attend sleep involvement internet school  parental edu  exam
 *   Ann  Female   10     80     9   Low         yes      Public  High School    60
 *   Bea  Female   20     70     7   Medium      yes      Private High School    70
 *   Cal  Male     30    100     8   High        no       Public  High School    80
 *   Dan  Male     40     90     6   High        yes      Private College        90
 *   Eve  Female    0     60     5   Low         no       Public  (none)       (none)
 *
 * exam = 50 + hours for the four with a score; attendance correlates 0.6 with it, sleep -0.8.
 */
describe('Analytics (/api/analytics)', () => {
  const api = useHttpApp({
    users: { teacher: 'teacher', admin: 'administrator', student: 'student' },
  });
  const { teacher, admin, student } = api.users;
  const token = uniqueToken();
  const ids: Record<string, string> = {};

  const get = async <T = unknown>(
    path: string,
    query: Record<string, string | number | string[] | undefined> = {},
    status = 200,
    user: LoggedInUser = teacher,
  ) => {
    const res = await api
      .http()
      .get(`/api/analytics/${path}`)
      .query({ search: token, ...query })
      .set(bearer(user.accessToken));
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status });
    return res.body as T;
  };

  beforeAll(async () => {
    const { app } = api;
    const rows: [string, Record<string, unknown>][] = [
      [
        'Ann',
        {
          gender: 'Female',
          hours_studied: 10,
          attendance: 80,
          sleep_hours: 9,
          parental_involvement: 'Low',
          internet_access: true,
          school_type: 'Public',
          parental_education_level: 'High School',
          exam_score: 60,
        },
      ],
      [
        'Bea',
        {
          gender: 'Female',
          hours_studied: 20,
          attendance: 70,
          sleep_hours: 7,
          parental_involvement: 'Medium',
          internet_access: true,
          school_type: 'Private',
          parental_education_level: 'High School',
          exam_score: 70,
        },
      ],
      [
        'Cal',
        {
          gender: 'Male',
          hours_studied: 30,
          attendance: 100,
          sleep_hours: 8,
          parental_involvement: 'High',
          internet_access: false,
          school_type: 'Public',
          parental_education_level: 'High School',
          exam_score: 80,
        },
      ],
      [
        'Dan',
        {
          gender: 'Male',
          hours_studied: 40,
          attendance: 90,
          sleep_hours: 6,
          parental_involvement: 'High',
          internet_access: true,
          school_type: 'Private',
          parental_education_level: 'College',
          exam_score: 90,
        },
      ],
      [
        'Eve',
        {
          gender: 'Female',
          hours_studied: 0,
          attendance: 60,
          sleep_hours: 5,
          parental_involvement: 'Low',
          internet_access: false,
          school_type: 'Public',
          parental_education_level: null,
          distance_from_home: null,
          exam_score: null,
        },
      ],
    ];
    for (const [name, fields] of rows) {
      const created = await createStudent(app, teacher.accessToken, {
        first_name: name,
        last_name: token,
        ...fields,
      });
      ids[name] = created.student_id;
    }

    const records: [string, string, string, number][] = [
      ['Ann', '2025-01-15T10:00:00Z', 'T1', 60],
      ['Ann', '2025-02-10T10:00:00Z', 'T2', 64],
      ['Bea', '2025-01-20T10:00:00Z', 'T1', 70],
      ['Bea', '2025-02-05T10:00:00Z', 'T2', 74],
      ['Cal', '2025-02-28T23:30:00Z', 'T2', 80],
    ];
    for (const [name, recordedAt, term, score] of records) {
      await api
        .http()
        .post(`/api/students/${ids[name]}/performance-records?update_profile=false`)
        .set(bearer(teacher.accessToken))
        .send({
          recorded_at: recordedAt,
          term,
          exam_score: score,
          attendance: 80,
          hours_studied: 10,
        })
        .expect(201);
    }

    // Predictions and alerts are written directly: these tests are about reading them.
    const db = app.get(DataSource);
    const profileId = async (name: string) => {
      const [row] = await db.query<{ id: string }[]>(
        'SELECT id FROM student_profiles WHERE student_id = $1',
        [ids[name]],
      );
      return row.id;
    };
    const predictions: [string, string, number, string][] = [
      ['Ann', '2025-01-10T09:00:00Z', 70, 'low'],
      ['Ann', '2025-02-15T09:00:00Z', 55, 'high'],
      ['Bea', '2025-02-20T09:00:00Z', 62, 'medium'],
      ['Cal', '2025-01-25T09:00:00Z', 78, 'low'],
    ];
    for (const [name, date, score, risk] of predictions) {
      await db.query(
        `INSERT INTO predictions (student_profile_id, model_version, predicted_score, confidence_level,
           interval_lower, interval_upper, interval_level, risk_level, top_factors, input_snapshot, prediction_date)
         VALUES ($1, 'test-model', $2::float8, 0.8, $2::float8 - 5, $2::float8 + 5, 0.9, $3, '[]', '{}', $4)`,
        [await profileId(name), score, risk, date],
      );
    }
    const alerts: [string, string, string][] = [
      ['Ann', 'high', 'open'],
      ['Ann', 'medium', 'open'],
      ['Ann', 'low', 'resolved'],
      ['Cal', 'low', 'open'],
    ];
    for (const [name, severity, status] of alerts) {
      await db.query(
        `INSERT INTO alerts (student_profile_id, type, severity, status, message)
         VALUES ($1, 'low_prediction', $2, $3, 'test alert')`,
        [await profileId(name), severity, status],
      );
    }
  });

  describe('access', () => {
    it('refuses students (403) and anonymous callers (401), admits administrators', async () => {
      for (const path of [
        'overview',
        'performance-trends',
        'demographics',
        'factors/hours_studied',
        'insights',
        'risk',
      ]) {
        await get(path, {}, 403, student);
        await api.http().get(`/api/analytics/${path}`).expect(401);
        await get(path, {}, 200, admin);
      }
    });
  });

  describe('GET /overview', () => {
    it('summarises the matching students exactly', async () => {
      const body = await get<AnalyticsOverviewResponseDto>('overview');
      expect(body).toEqual({
        students: 5,
        with_exam_score: 4,
        pass_mark: 65,
        passed: 3,
        pass_rate: 0.75,
        exam_score: {
          count: 4,
          mean: 75,
          median: 75,
          stddev: 12.91,
          min: 60,
          max: 90,
          p10: 63,
          p25: 67.5,
          p75: 82.5,
          p90: 87,
        },
        attendance: expect.objectContaining({ count: 5, mean: 80, median: 80, min: 60, max: 100 }),
        hours_studied: expect.objectContaining({ count: 5, mean: 20, median: 20, min: 0, max: 40 }),
        at_risk: { high: 1, medium: 1, low: 1, unpredicted: 2 },
      });
    });

    it('takes a pass mark and applies the students-list filters', async () => {
      const passMark = await get<AnalyticsOverviewResponseDto>('overview', { pass_mark: 80 });
      expect(passMark).toMatchObject({ pass_mark: 80, passed: 2, pass_rate: 0.5 });

      const males = await get<AnalyticsOverviewResponseDto>('overview', { gender: 'Male' });
      expect(males).toMatchObject({
        students: 2,
        with_exam_score: 2,
        exam_score: { mean: 85, min: 80, max: 90 },
        at_risk: { high: 0, medium: 0, low: 1, unpredicted: 1 },
      });

      const studious = await get<AnalyticsOverviewResponseDto>('overview', {
        min_hours_studied: 15,
        internet_access: 'true',
      });
      expect(studious).toMatchObject({ students: 2, exam_score: { mean: 80 } });
    });

    it('is empty, not an error, when nothing matches', async () => {
      const body = await get<AnalyticsOverviewResponseDto>('overview', {
        search: `${token}-nobody`,
      });
      expect(body).toMatchObject({
        students: 0,
        with_exam_score: 0,
        passed: 0,
        pass_rate: null,
        exam_score: { count: 0, mean: null, median: null, p90: null },
        at_risk: { high: 0, medium: 0, low: 0, unpredicted: 0 },
      });
    });

    it('rejects bad parameters with 400', async () => {
      for (const query of [
        { pass_mark: 'abc' },
        { pass_mark: 200 },
        { pass_mark: '' },
        { min_hours_studied: 30, max_hours_studied: 10 },
        { gender: 'Other' },
        { colour: 'blue' },
      ]) {
        const body = await get<ProblemResponseDto>('overview', query, 400);
        expect(body.code).toBe('validation_failed');
      }
    });
  });

  describe('GET /performance-trends', () => {
    it('groups records by month with the predictions of each month', async () => {
      const body = await get<PerformanceTrendsResponseDto>('performance-trends');
      expect(body).toEqual({
        interval: 'month',
        from: null,
        to: null,
        periods: [
          {
            period: '2025-01',
            period_start: '2025-01-01T00:00:00.000Z',
            period_end: '2025-02-01T00:00:00.000Z',
            records: 2,
            students: 2,
            mean_exam_score: 65,
            mean_attendance: 80,
            mean_hours_studied: 10,
            predictions: 2,
            mean_predicted_score: 74,
          },
          {
            period: '2025-02',
            period_start: '2025-02-01T00:00:00.000Z',
            period_end: '2025-03-01T00:00:00.000Z',
            records: 3,
            students: 3,
            mean_exam_score: 72.67,
            mean_attendance: 80,
            mean_hours_studied: 10,
            predictions: 2,
            mean_predicted_score: 58.5,
          },
        ],
      });
    });

    it('groups by ISO week and by term', async () => {
      const weeks = await get<PerformanceTrendsResponseDto>('performance-trends', {
        interval: 'week',
      });
      expect(weeks.periods.map((p: { period: string }) => p.period)).toEqual([
        '2025-W02', // Ann's first prediction (10 Jan)
        '2025-W03',
        '2025-W04',
        '2025-W06',
        '2025-W07',
        '2025-W08',
        '2025-W09',
      ]);
      expect(weeks.periods[1]).toMatchObject({
        period_start: '2025-01-13T00:00:00.000Z',
        period_end: '2025-01-20T00:00:00.000Z',
        records: 1,
        mean_exam_score: 60,
        predictions: 0,
        mean_predicted_score: null,
      });

      const terms = await get<PerformanceTrendsResponseDto>('performance-trends', {
        interval: 'term',
      });
      expect(terms.periods).toEqual([
        expect.objectContaining({
          period: 'T1',
          period_start: '2025-01-15T10:00:00.000Z',
          period_end: '2025-01-20T10:00:00.000Z',
          records: 2,
          mean_exam_score: 65,
          predictions: null,
        }),
        expect.objectContaining({ period: 'T2', records: 3, students: 3, mean_exam_score: 72.67 }),
      ]);
    });

    it('limits by from/to (a plain date covers its whole day) and by the student filters', async () => {
      const february = await get<PerformanceTrendsResponseDto>('performance-trends', {
        from: '2025-02-01',
      });
      expect(february.periods).toHaveLength(1);
      expect(february.periods[0]).toMatchObject({ period: '2025-02', records: 3 });

      const upToEndOfFebruary = await get<PerformanceTrendsResponseDto>('performance-trends', {
        from: '2025-02-01',
        to: '2025-02-28',
      });
      expect(upToEndOfFebruary.periods[0]).toMatchObject({ records: 3, predictions: 2 });
      expect(upToEndOfFebruary).toMatchObject({ from: '2025-02-01', to: '2025-02-28' });

      const beforeCal = await get<PerformanceTrendsResponseDto>('performance-trends', {
        to: '2025-02-28T12:00:00Z',
      });
      expect(beforeCal.periods[1]).toMatchObject({ period: '2025-02', records: 2 });

      const bea = await get<PerformanceTrendsResponseDto>('performance-trends', {
        search: `Bea ${token}`,
      });
      expect(bea.periods.map((p: { records: number }) => p.records)).toEqual([1, 1]);
    });

    it('rejects a bad interval, bad dates and from after to', async () => {
      for (const query of [
        { interval: 'year' },
        { from: 'yesterday' },
        { to: '2025-02-30' },
        { from: '2025-03-01', to: '2025-02-01' },
      ]) {
        const body = await get<ProblemResponseDto>('performance-trends', query, 400);
        expect(body.code).toBe('validation_failed');
      }
    });
  });

  describe('GET /demographics', () => {
    it('counts, shares and mean scores per value, known values first, then Unknown', async () => {
      const body = await get<DemographicsResponseDto>('demographics');
      expect(body.students).toBe(5);
      expect(body.with_exam_score).toBe(4);
      const d = body.dimensions;
      expect(d.gender).toEqual([
        { value: 'Male', students: 2, share: 0.4, mean_exam_score: 85 },
        { value: 'Female', students: 3, share: 0.6, mean_exam_score: 65 },
        { value: 'Non-binary', students: 0, share: 0, mean_exam_score: null },
        { value: 'Not stated', students: 0, share: 0, mean_exam_score: null },
      ]);
      expect(d.parental_education_level).toEqual([
        { value: 'High School', students: 3, share: 0.6, mean_exam_score: 70 },
        { value: 'College', students: 1, share: 0.2, mean_exam_score: 90 },
        { value: 'Postgraduate', students: 0, share: 0, mean_exam_score: null },
        { value: 'Unknown', students: 1, share: 0.2, mean_exam_score: null },
      ]);
      expect(d.distance_from_home).toEqual([
        { value: 'Near', students: 4, share: 0.8, mean_exam_score: 75 },
        { value: 'Moderate', students: 0, share: 0, mean_exam_score: null },
        { value: 'Far', students: 0, share: 0, mean_exam_score: null },
        { value: 'Unknown', students: 1, share: 0.2, mean_exam_score: null },
      ]);
      expect(d.internet_access).toEqual([
        { value: 'Yes', students: 3, share: 0.6, mean_exam_score: 73.33 },
        { value: 'No', students: 2, share: 0.4, mean_exam_score: 80 },
      ]);
      expect(d.learning_disabilities).toEqual([
        { value: 'Yes', students: 0, share: 0, mean_exam_score: null },
        { value: 'No', students: 5, share: 1, mean_exam_score: 75 },
      ]);
      expect(d.school_type.map((g: { students: number }) => g.students)).toEqual([3, 2]);
      expect(d.family_income.map((g: { value: string }) => g.value)).toEqual([
        'Low',
        'Medium',
        'High',
      ]);
    });

    it('applies the filters', async () => {
      const body = await get<DemographicsResponseDto>('demographics', { school_type: 'Private' });
      expect(body.students).toBe(2);
      expect(body.dimensions.gender).toEqual([
        { value: 'Male', students: 1, share: 0.5, mean_exam_score: 90 },
        { value: 'Female', students: 1, share: 0.5, mean_exam_score: 70 },
        { value: 'Non-binary', students: 0, share: 0, mean_exam_score: null },
        { value: 'Not stated', students: 0, share: 0, mean_exam_score: null },
      ]);
    });
  });

  describe('GET /factors/{factor}', () => {
    it('relates a numeric factor to the exam score: correlation, line and bins', async () => {
      const body = await get<FactorAnalysisResponseDto>('factors/hours_studied', { bins: 4 });
      expect(body).toEqual({
        factor: 'hours_studied',
        kind: 'numeric',
        students: 5,
        with_exam_score: 4,
        groups: [],
        correlation: 1,
        slope: 1,
        intercept: 50,
        r_squared: 1,
        min: 0,
        max: 40,
        mean: 20,
        bins: [
          {
            bin: 1,
            bin_start: 0,
            bin_end: 10,
            students: 1,
            with_exam_score: 0,
            mean_exam_score: null,
          },
          {
            bin: 2,
            bin_start: 10,
            bin_end: 20,
            students: 1,
            with_exam_score: 1,
            mean_exam_score: 60,
          },
          {
            bin: 3,
            bin_start: 20,
            bin_end: 30,
            students: 1,
            with_exam_score: 1,
            mean_exam_score: 70,
          },
          {
            bin: 4,
            bin_start: 30,
            bin_end: 40,
            students: 2,
            with_exam_score: 2,
            mean_exam_score: 85,
          },
        ],
      });
    });

    it('uses 5 bins by default and reports a negative correlation', async () => {
      const hours = await get<FactorAnalysisResponseDto>('factors/hours_studied');
      expect(hours.bins.map((b: { bin_start: number }) => b.bin_start)).toEqual([0, 8, 16, 24, 32]);
      expect(hours.bins.map((b: { students: number }) => b.students)).toEqual([1, 1, 1, 1, 1]);

      const sleep = await get<FactorAnalysisResponseDto>('factors/sleep_hours');
      expect(sleep).toMatchObject({ correlation: -0.8, slope: -8 });

      const attendance = await get<FactorAnalysisResponseDto>('factors/attendance');
      expect(attendance).toMatchObject({ correlation: 0.6, slope: 0.6 });
    });

    it('puts every student in one bin when all values are equal', async () => {
      const body = await get<FactorAnalysisResponseDto>('factors/tutoring_sessions', { bins: 3 });
      expect(body).toMatchObject({ correlation: null, slope: null, min: 0, max: 0 });
      expect(body.bins).toEqual([
        { bin: 1, bin_start: 0, bin_end: 0, students: 5, with_exam_score: 4, mean_exam_score: 75 },
      ]);
    });

    it('describes a categorical factor per value', async () => {
      const body = await get<FactorAnalysisResponseDto>('factors/parental_involvement');
      expect(body).toMatchObject({
        factor: 'parental_involvement',
        kind: 'categorical',
        students: 5,
        with_exam_score: 4,
        correlation: null,
        bins: [],
      });
      expect(body.groups).toEqual([
        {
          value: 'Low',
          students: 2,
          with_exam_score: 1,
          mean_exam_score: 60,
          median_exam_score: 60,
          stddev_exam_score: null,
        },
        {
          value: 'Medium',
          students: 1,
          with_exam_score: 1,
          mean_exam_score: 70,
          median_exam_score: 70,
          stddev_exam_score: null,
        },
        {
          value: 'High',
          students: 2,
          with_exam_score: 2,
          mean_exam_score: 85,
          median_exam_score: 85,
          stddev_exam_score: 7.07,
        },
      ]);
    });

    it('describes a boolean factor as Yes/No and a nullable one with Unknown', async () => {
      const internet = await get<FactorAnalysisResponseDto>('factors/internet_access');
      expect(internet.kind).toBe('boolean');
      expect(
        internet.groups.map((g: { value: string; students: number }) => [g.value, g.students]),
      ).toEqual([
        ['Yes', 3],
        ['No', 2],
      ]);

      const education = await get<FactorAnalysisResponseDto>('factors/parental_education_level', {
        gender: 'Female',
      });
      expect(
        education.groups.map((g: { value: string; students: number }) => [g.value, g.students]),
      ).toEqual([
        ['High School', 2],
        ['College', 0],
        ['Postgraduate', 0],
        ['Unknown', 1],
      ]);
    });

    it('answers 404 unknown_factor for a name that is not a factor, 400 for bad bins', async () => {
      const unknown = await get<ProblemResponseDto>('factors/shoe_size', {}, 404);
      expect(unknown.code).toBe('unknown_factor');
      for (const bins of [0, 51, 'many', 2.5]) {
        const body = await get<ProblemResponseDto>('factors/hours_studied', { bins }, 400);
        expect(body.code).toBe('validation_failed');
      }
    });
  });

  describe('GET /insights', () => {
    it('ranks every factor by effect size with factual messages', async () => {
      const body = await get<InsightsResponseDto>('insights', { min_group_size: 1, limit: 19 });
      expect(body.students).toBe(5);
      expect(body.with_exam_score).toBe(4);
      const summary = body.insights.map((i: { factor: string; kind: string; strength: number }) => [
        i.factor,
        i.kind,
        i.strength,
      ]);
      expect(summary).toEqual([
        ['hours_studied', 'correlation', 1],
        ['parental_involvement', 'group_gap', 0.949],
        ['gender', 'group_gap', 0.894],
        ['sleep_hours', 'correlation', 0.8],
        ['parental_education_level', 'group_gap', 0.775],
        ['attendance', 'correlation', 0.6],
        ['school_type', 'group_gap', 0.447],
        ['internet_access', 'group_gap', 0.258],
      ]);
      const byFactor = Object.fromEntries(body.insights.map((i) => [i.factor, i]));
      expect(byFactor.parental_involvement).toEqual({
        factor: 'parental_involvement',
        kind: 'group_gap',
        strength: 0.949,
        students: 4,
        message:
          'Students with High parental involvement score 25.00 points higher on average than students with Low parental involvement (85.00 vs 60.00).',
        correlation: null,
        slope: null,
        gap: 25,
        higher_group: { value: 'High', students: 2, mean_exam_score: 85 },
        lower_group: { value: 'Low', students: 1, mean_exam_score: 60 },
      });
      expect(byFactor.sleep_hours).toMatchObject({
        correlation: -0.8,
        slope: -8,
        gap: null,
        message:
          'Each additional hour of sleep per night goes with an exam score 8.00 points lower on average (correlation -0.800).',
      });
      expect(byFactor.internet_access.message).toBe(
        'Students without internet access score 6.67 points higher on average than students with internet access (80.00 vs 73.33).',
      );
      expect(byFactor.gender.message).toBe(
        'Male students score 20.00 points higher on average than Female students (85.00 vs 65.00).',
      );
    });

    it('leaves out groups smaller than min_group_size (default 5) and honours limit', async () => {
      const defaults = await get<InsightsResponseDto>('insights');
      expect(defaults.insights.map((i: { factor: string }) => i.factor)).toEqual([
        'hours_studied',
        'sleep_hours',
        'attendance',
      ]);

      const top = await get<InsightsResponseDto>('insights', { min_group_size: 2, limit: 2 });
      // Groups of at least 2 scores: gender (2/2) and school type (2/2) only.
      expect(top.insights.map((i: { factor: string }) => i.factor)).toEqual([
        'hours_studied',
        'gender',
      ]);
    });

    it('rejects bad parameters with 400', async () => {
      for (const query of [{ limit: 0 }, { limit: 20 }, { min_group_size: -1 }, { limit: 'x' }]) {
        const body = await get<ProblemResponseDto>('insights', query, 400);
        expect(body.code).toBe('validation_failed');
      }
    });
  });

  describe('GET /risk', () => {
    it('gives the distribution, open alerts and the highest-risk students first', async () => {
      const body = await get<RiskAnalyticsResponseDto>('risk', { per_page: 2 });
      expect(body.students).toBe(5);
      expect(body.distribution).toEqual({ high: 1, medium: 1, low: 1, unpredicted: 2 });
      expect(body.open_alerts).toEqual({ high: 1, medium: 1, low: 1, total: 3 });
      const risk = `/api/analytics/risk?search=${token}&per_page=2`;
      expect(body.meta).toEqual({
        page: 1,
        per_page: 2,
        total: 3,
        total_pages: 2,
        links: {
          self: `${risk}&page=1`,
          first: `${risk}&page=1`,
          next: `${risk}&page=2`,
          last: `${risk}&page=2`,
        },
      });
      expect(body.data).toEqual([
        {
          student_id: ids.Ann,
          first_name: 'Ann',
          last_name: token,
          predicted_score: 55,
          risk_level: 'high',
          confidence_level: 0.8,
          prediction_date: '2025-02-15T09:00:00.000Z',
          model_version: 'test-model',
          open_alerts: 2,
        },
        expect.objectContaining({ student_id: ids.Bea, risk_level: 'medium', predicted_score: 62 }),
      ]);

      const second = await get<RiskAnalyticsResponseDto>('risk', { per_page: 2, page: 2 });
      expect(second.data).toEqual([
        expect.objectContaining({ student_id: ids.Cal, risk_level: 'low', open_alerts: 1 }),
      ]);
      const beyond = await get<RiskAnalyticsResponseDto>('risk', { per_page: 2, page: 3 });
      expect(beyond.data).toEqual([]);
      expect(beyond.meta.total).toBe(3);
    });

    it('filters the list by risk level and everything by the student filters', async () => {
      const levels = await get<RiskAnalyticsResponseDto>('risk', { risk_level: 'medium,low' });
      expect(levels.data.map((s: { student_id: string }) => s.student_id)).toEqual([
        ids.Bea,
        ids.Cal,
      ]);
      expect(levels.meta.total).toBe(2);
      expect(levels.distribution).toEqual({ high: 1, medium: 1, low: 1, unpredicted: 2 });

      const males = await get<RiskAnalyticsResponseDto>('risk', { gender: 'Male' });
      expect(males.distribution).toEqual({ high: 0, medium: 0, low: 1, unpredicted: 1 });
      expect(males.open_alerts).toEqual({ high: 0, medium: 0, low: 1, total: 1 });
      expect(males.data.map((s: { student_id: string }) => s.student_id)).toEqual([ids.Cal]);
    });

    it("takes a student's prediction with the newest date, of those the highest id", async () => {
      const db = api.app.get(DataSource);
      const [dan] = await db.query<{ id: string }[]>(
        'SELECT id FROM student_profiles WHERE student_id = $1',
        [ids.Dan],
      );
      const predictions: [string, string, number, string][] = [
        ['00000000-0000-4000-8000-00000000000a', '2025-03-01T09:00:00Z', 50, 'high'],
        ['ffffffff-ffff-4fff-bfff-fffffffffff0', '2025-03-01T09:00:00Z', 75, 'low'],
        ['ffffffff-ffff-4fff-bfff-ffffffffffff', '2025-02-01T09:00:00Z', 62, 'medium'],
      ];
      try {
        for (const [id, date, score, risk] of predictions) {
          await db.query(
            `INSERT INTO predictions (id, student_profile_id, model_version, predicted_score,
               confidence_level, interval_lower, interval_upper, interval_level, risk_level,
               top_factors, input_snapshot, prediction_date)
             VALUES ($1, $2, 'test-model', $3::float8, 0.8, $3::float8 - 5, $3::float8 + 5, 0.9,
               $4, '[]', '{}', $5)`,
            [id, dan.id, score, risk, date],
          );
        }
        const body = await get<RiskAnalyticsResponseDto>('risk', { risk_level: 'low' });
        expect(body.distribution).toEqual({ high: 1, medium: 1, low: 2, unpredicted: 1 });
        expect(body.data).toEqual([
          expect.objectContaining({
            student_id: ids.Dan,
            predicted_score: 75,
            prediction_date: '2025-03-01T09:00:00.000Z',
            open_alerts: 0,
          }),
          expect.objectContaining({ student_id: ids.Cal, predicted_score: 78 }),
        ]);
        const overview = await get<AnalyticsOverviewResponseDto>('overview');
        expect(overview.at_risk).toEqual({ high: 1, medium: 1, low: 2, unpredicted: 1 });
      } finally {
        await db.query('DELETE FROM predictions WHERE id = ANY($1)', [
          predictions.map((p) => p[0]),
        ]);
      }
    });

    it('rejects bad paging and risk levels with 400', async () => {
      for (const query of [{ per_page: 101 }, { page: 0 }, { risk_level: 'extreme' }]) {
        const body = await get<ProblemResponseDto>('risk', query, 400);
        expect(body.code).toBe('validation_failed');
      }
    });
  });
  /**
   * Several students-list filters at once (a list of two values, a minimum, a fractional
   * maximum, after the search) next to each endpoint's own parameters, so every statement binds
   * the filters' values and its own in the right places. Ann and Bea match; Eve's attendance and
   * Cal and Dan's involvement leave them out.
   */
  describe('students-list filters together with the parameters of each endpoint', () => {
    const filters = {
      parental_involvement: 'Low,Medium',
      min_attendance: 65,
      max_sleep_hours: 9.5,
    };

    it('overview: pass mark and latest risk levels of the matching students', async () => {
      const body = await get<AnalyticsOverviewResponseDto>('overview', {
        ...filters,
        pass_mark: 65,
      });
      expect(body).toMatchObject({
        students: 2,
        with_exam_score: 2,
        pass_mark: 65,
        passed: 1,
        pass_rate: 0.5,
        exam_score: { mean: 65, min: 60, max: 70 },
        at_risk: { high: 1, medium: 1, low: 0, unpredicted: 0 },
      });
    });

    it('performance-trends: from/to by month and from by term', async () => {
      const months = await get<PerformanceTrendsResponseDto>('performance-trends', {
        ...filters,
        from: '2025-02-01',
        to: '2025-02-28',
      });
      expect(months.periods).toEqual([
        expect.objectContaining({
          period: '2025-02',
          records: 2,
          students: 2,
          mean_exam_score: 69,
          predictions: 2,
          mean_predicted_score: 58.5,
        }),
      ]);

      const terms = await get<PerformanceTrendsResponseDto>('performance-trends', {
        ...filters,
        interval: 'term',
        from: '2025-01-16',
      });
      expect(terms.periods).toEqual([
        expect.objectContaining({ period: 'T1', records: 1, students: 1, mean_exam_score: 70 }),
        expect.objectContaining({ period: 'T2', records: 2, students: 2, mean_exam_score: 69 }),
      ]);
    });

    it('factors: bins of a numeric factor and the groups of a categorical one', async () => {
      const hours = await get<FactorAnalysisResponseDto>('factors/hours_studied', {
        ...filters,
        bins: 2,
      });
      expect(hours).toMatchObject({ students: 2, min: 10, max: 20, slope: 1, intercept: 50 });
      expect(hours.bins).toEqual([
        {
          bin: 1,
          bin_start: 10,
          bin_end: 15,
          students: 1,
          with_exam_score: 1,
          mean_exam_score: 60,
        },
        {
          bin: 2,
          bin_start: 15,
          bin_end: 20,
          students: 1,
          with_exam_score: 1,
          mean_exam_score: 70,
        },
      ]);

      const involvement = await get<FactorAnalysisResponseDto>(
        'factors/parental_involvement',
        filters,
      );
      expect(involvement.groups.map((g) => [g.value, g.students, g.mean_exam_score])).toEqual([
        ['Low', 1, 60],
        ['Medium', 1, 70],
        ['High', 0, null],
      ]);
    });

    it('insights: min_group_size and limit', async () => {
      const one = await get<InsightsResponseDto>('insights', {
        ...filters,
        min_group_size: 1,
        limit: 1,
      });
      expect(one).toMatchObject({ students: 2, with_exam_score: 2 });
      expect(one.insights).toEqual([
        expect.objectContaining({ kind: 'group_gap', strength: 1, students: 2 }),
      ]);

      // Two students who differ make groups of one: none reaches two.
      const none = await get<InsightsResponseDto>('insights', {
        ...filters,
        min_group_size: 2,
        limit: 5,
      });
      expect(none).toMatchObject({ students: 2, insights: [] });
    });

    it('risk: risk levels and paging', async () => {
      const body = await get<RiskAnalyticsResponseDto>('risk', {
        ...filters,
        risk_level: 'high,medium',
        per_page: 1,
        page: 2,
      });
      expect(body.students).toBe(2);
      expect(body.distribution).toEqual({ high: 1, medium: 1, low: 0, unpredicted: 0 });
      expect(body.open_alerts).toEqual({ high: 1, medium: 1, low: 0, total: 2 });
      expect(body.meta.total).toBe(2);
      expect(body.data).toEqual([
        expect.objectContaining({ student_id: ids.Bea, risk_level: 'medium', open_alerts: 0 }),
      ]);
    });
  });
});

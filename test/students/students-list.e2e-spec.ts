import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { bearer, createUserAndLogin, LoggedInUser } from '../helpers/auth';
import { createTestApp } from '../helpers/test-app';
import { createStudent, uniqueToken } from './student-factory';

interface ListBody {
  data: Record<string, unknown>[];
  meta: {
    page: number;
    per_page: number;
    total: number;
    total_pages: number;
    links: Record<string, string>;
  };
}

describe('Students list: search, filters, sorting, paging', () => {
  let app: NestExpressApplication;
  let teacher: LoggedInUser;
  /** Shared surname of this file's students: every query adds `search: token`. */
  const token = uniqueToken();
  const ids: Record<string, string> = {};

  const list = async (query: Record<string, string | string[]>, status = 200) => {
    const res = await request(app.getHttpServer())
      .get('/api/students')
      .query({ search: token, ...query })
      .set(bearer(teacher.accessToken));
    expect(res.status).toBe(status);
    return res.body as ListBody;
  };
  const idsOf = (body: ListBody) => body.data.map((s) => s.student_id);

  beforeAll(async () => {
    app = await createTestApp();
    teacher = await createUserAndLogin(app, { role: 'teacher' });
    const rows: [string, Record<string, unknown>][] = [
      [
        'ann',
        {
          first_name: 'Ann',
          gender: 'Female',
          motivation_level: 'Low',
          internet_access: false,
          hours_studied: 5,
          attendance: 60,
          exam_score: 58,
          age: 15,
          teacher_quality: null,
        },
      ],
      [
        'bob',
        {
          first_name: 'Bob',
          gender: 'Male',
          motivation_level: 'High',
          internet_access: true,
          hours_studied: 30,
          attendance: 95,
          exam_score: 80,
          age: 17,
          teacher_quality: 'High',
        },
      ],
      [
        'cid',
        {
          first_name: 'Cid',
          gender: 'Male',
          motivation_level: 'Medium',
          internet_access: true,
          hours_studied: 20,
          attendance: 75,
          exam_score: null,
          age: 16,
          teacher_quality: 'Low',
        },
      ],
      [
        'dee',
        {
          first_name: 'Dee',
          gender: 'Female',
          motivation_level: 'High',
          internet_access: true,
          hours_studied: 12,
          attendance: 88,
          exam_score: 70,
          age: 18,
          teacher_quality: 'Medium',
          school_type: 'Private',
        },
      ],
    ];
    for (const [key, fields] of rows) {
      ids[key] = (
        await createStudent(app, teacher.accessToken, { last_name: token, ...fields })
      ).student_id;
    }
  });

  afterAll(async () => {
    await app.close();
  });

  it('searches names and ids case-insensitively', async () => {
    expect((await list({})).meta.total).toBe(4);
    const byFullName = await request(app.getHttpServer())
      .get('/api/students')
      .query({ search: `bob ${token.toUpperCase()}` })
      .set(bearer(teacher.accessToken))
      .expect(200);
    expect(idsOf(byFullName.body as ListBody)).toEqual([ids.bob]);
    const byId = await request(app.getHttpServer())
      .get('/api/students')
      .query({ search: ids.cid.toLowerCase() })
      .set(bearer(teacher.accessToken))
      .expect(200);
    expect(idsOf(byId.body as ListBody)).toContain(ids.cid);
    const wildcard = await request(app.getHttpServer())
      .get('/api/students')
      .query({ search: '%' })
      .set(bearer(teacher.accessToken))
      .expect(200);
    expect((wildcard.body as ListBody).meta.total).toBe(0);
  });

  it('filters by enum values, one or several, comma-separated or repeated', async () => {
    expect(idsOf(await list({ gender: 'Female', sort: 'first_name' }))).toEqual([ids.ann, ids.dee]);
    expect(idsOf(await list({ motivation_level: 'Low,Medium', sort: 'first_name' }))).toEqual([
      ids.ann,
      ids.cid,
    ]);
    expect(idsOf(await list({ motivation_level: ['High', 'Low'], sort: 'first_name' }))).toEqual([
      ids.ann,
      ids.bob,
      ids.dee,
    ]);
    expect(idsOf(await list({ teacher_quality: 'High' }))).toEqual([ids.bob]);
    expect(idsOf(await list({ school_type: 'Private' }))).toEqual([ids.dee]);
  });

  it('filters by booleans', async () => {
    expect(idsOf(await list({ internet_access: 'false' }))).toEqual([ids.ann]);
    expect((await list({ internet_access: 'true' })).meta.total).toBe(3);
  });

  it('filters numeric fields with inclusive min_ and max_, unknown values excluded', async () => {
    expect(
      idsOf(await list({ min_hours_studied: '12', max_hours_studied: '20', sort: 'first_name' })),
    ).toEqual([ids.cid, ids.dee]);
    expect(idsOf(await list({ min_attendance: '88', sort: 'first_name' }))).toEqual([
      ids.bob,
      ids.dee,
    ]);
    expect(idsOf(await list({ max_exam_score: '70', sort: 'first_name' }))).toEqual([
      ids.ann,
      ids.dee,
    ]);
    expect(idsOf(await list({ min_age: '16', max_age: '17', sort: 'age' }))).toEqual([
      ids.cid,
      ids.bob,
    ]);
    expect(idsOf(await list({ min_exam_score: '0' })).sort()).toEqual(
      [ids.ann, ids.bob, ids.dee].sort(),
    );
  });

  it('combines filters', async () => {
    expect(
      idsOf(await list({ gender: 'Male', internet_access: 'true', min_exam_score: '75' })),
    ).toEqual([ids.bob]);
  });

  it('sorts by allowed fields, descending with -, unknown scores last either way', async () => {
    expect(idsOf(await list({ sort: 'exam_score' }))).toEqual([ids.ann, ids.dee, ids.bob, ids.cid]);
    expect(idsOf(await list({ sort: '-exam_score' }))).toEqual([
      ids.bob,
      ids.dee,
      ids.ann,
      ids.cid,
    ]);
    expect(idsOf(await list({ sort: '-hours_studied' }))).toEqual([
      ids.bob,
      ids.cid,
      ids.dee,
      ids.ann,
    ]);
    expect(idsOf(await list({}))).toEqual([ids.ann, ids.bob, ids.cid, ids.dee]);
    expect(idsOf(await list({ sort: '-student_id' }))).toEqual([
      ids.dee,
      ids.cid,
      ids.bob,
      ids.ann,
    ]);
  });

  it('pages with correct meta', async () => {
    const first = await list({ per_page: '3', sort: 'first_name' });
    const query = `search=${token}&per_page=3`;
    expect(first.meta).toEqual({
      page: 1,
      per_page: 3,
      total: 4,
      total_pages: 2,
      links: {
        self: `/api/students?${query}&sort=first_name&page=1`,
        first: `/api/students?${query}&sort=first_name&page=1`,
        next: `/api/students?${query}&sort=first_name&page=2`,
        last: `/api/students?${query}&sort=first_name&page=2`,
      },
    });
    expect(idsOf(first)).toEqual([ids.ann, ids.bob, ids.cid]);
    const second = await list({ per_page: '3', page: '2', sort: 'first_name' });
    expect(second.meta).toEqual({
      page: 2,
      per_page: 3,
      total: 4,
      total_pages: 2,
      links: {
        self: `/api/students?${query}&page=2&sort=first_name`,
        first: `/api/students?${query}&page=1&sort=first_name`,
        prev: `/api/students?${query}&page=1&sort=first_name`,
        last: `/api/students?${query}&page=2&sort=first_name`,
      },
    });
    expect(idsOf(second)).toEqual([ids.dee]);
    const beyond = await list({ per_page: '3', page: '9' });
    expect(beyond.data).toEqual([]);
    expect(beyond.meta.total).toBe(4);
  });

  it('answers 400 naming the parameter for bad paging, sort, enum, number or range', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ per_page: '101' }, 'per_page'],
      [{ page: '0' }, 'page'],
      [{ sort: 'password_hash' }, 'sort'],
      [{ sort: 'exam_score,email' }, 'sort'],
      [{ gender: 'Other' }, 'gender'],
      [{ motivation_level: 'Low,Extreme' }, 'motivation_level'],
      [{ internet_access: 'yes' }, 'internet_access'],
      [{ min_exam_score: 'sixty' }, 'min_exam_score'],
      [{ min_attendance: '90', max_attendance: '80' }, 'min_attendance'],
      [{ shoe_size: '42' }, 'shoe_size'],
    ];
    for (const [query, field] of cases) {
      const res = await request(app.getHttpServer())
        .get('/api/students')
        .query(query)
        .set(bearer(teacher.accessToken));
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.code).toBe('validation_failed');
      expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
    }
  });
});

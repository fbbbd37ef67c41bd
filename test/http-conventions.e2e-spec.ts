import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { bearer, createUserAndLogin, LoggedInUser } from './helpers/auth';
import { createTestApp } from './helpers/test-app';
import { createStudent, uniqueToken } from './students/student-factory';

/** Parses a `Link` header into `{ rel: target }`. */
function parseLinkHeader(header: string): Record<string, string> {
  const links: Record<string, string> = {};
  for (const part of header.split(/,\s*(?=<)/)) {
    const match = /^<([^>]*)>;\s*rel="([a-z]+)"$/.exec(part.trim());
    if (!match) throw new Error(`Not a link: ${part}`);
    links[match[2]] = match[1];
  }
  return links;
}

describe('HTTP conventions: entity tags, If-Match and pagination links', () => {
  let app: NestExpressApplication;
  let teacherA: LoggedInUser;
  let teacherB: LoggedInUser;
  let admin: LoggedInUser;
  const http = () => request(app.getHttpServer());
  const path = (id: string) => `/api/students/${id}`;

  beforeAll(async () => {
    app = await createTestApp();
    [teacherA, teacherB, admin] = await Promise.all([
      createUserAndLogin(app, { role: 'teacher' }),
      createUserAndLogin(app, { role: 'teacher' }),
      createUserAndLogin(app, { role: 'administrator' }),
    ]);
  });

  afterAll(async () => {
    await app.close();
  });

  describe('two teachers editing one student', () => {
    it('refuses the second PATCH sent with the now-stale ETag (412) and keeps the first change', async () => {
      const student = await createStudent(app, teacherA.accessToken, { hours_studied: 10 });
      const readA = await http().get(path(student.student_id)).set(bearer(teacherA.accessToken));
      const readB = await http().get(path(student.student_id)).set(bearer(teacherB.accessToken));
      expect(readA.status).toBe(200);
      const tag = readA.headers.etag;
      expect(tag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
      expect(readB.headers.etag).toBe(tag);

      const first = await http()
        .patch(path(student.student_id))
        .set(bearer(teacherA.accessToken))
        .set('If-Match', tag)
        .send({ hours_studied: 31 });
      expect(first.status).toBe(200);
      expect(first.body.hours_studied).toBe(31);
      const newTag = first.headers.etag;
      expect(newTag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
      expect(newTag).not.toBe(tag);

      const second = await http()
        .patch(path(student.student_id))
        .set(bearer(teacherB.accessToken))
        .set('If-Match', readB.headers.etag)
        .send({ hours_studied: 2, attendance: 50 });
      expect(second.status).toBe(412);
      expect(second.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(second.body).toMatchObject({ status: 412, code: 'precondition_failed' });

      const after = await http().get(path(student.student_id)).set(bearer(teacherB.accessToken));
      expect(after.body.hours_studied).toBe(31);
      expect(after.body.attendance).toBe(student.attendance);
      expect(after.headers.etag).toBe(newTag);
    });

    it('lets exactly one of several concurrent PATCHes with the same If-Match through', async () => {
      const student = await createStudent(app, teacherA.accessToken);
      const read = await http().get(path(student.student_id)).set(bearer(teacherA.accessToken));
      const tag = read.headers.etag;
      const results = await Promise.all(
        [11, 12, 13, 14, 15, 16].map((hours) =>
          http()
            .patch(path(student.student_id))
            .set(bearer(hours % 2 === 0 ? teacherA.accessToken : teacherB.accessToken))
            .set('If-Match', tag)
            .send({ hours_studied: hours }),
        ),
      );
      const statuses = results.map((res) => res.status).sort();
      expect(statuses).toEqual([200, 412, 412, 412, 412, 412]);
      const winner = results.find((res) => res.status === 200)!;
      const after = await http().get(path(student.student_id)).set(bearer(admin.accessToken));
      expect(after.body.hours_studied).toBe(winner.body.hours_studied);
      expect(after.headers.etag).toBe(winner.headers.etag);
    });

    it('answers 200 with a new ETag to a matching If-Match on PUT, and the tag is the one GET gives', async () => {
      const student = await createStudent(app, teacherA.accessToken);
      const read = await http().get(path(student.student_id)).set(bearer(teacherA.accessToken));
      const put = await http()
        .put(path(student.student_id))
        .set(bearer(teacherB.accessToken))
        .set('If-Match', `"elsewhere", ${read.headers.etag}`)
        .send({ sleep_hours: 9 });
      expect(put.status).toBe(200);
      expect(put.body.sleep_hours).toBe(9);
      expect(put.headers.etag).not.toBe(read.headers.etag);
      const again = await http().get(path(student.student_id)).set(bearer(teacherA.accessToken));
      expect(again.headers.etag).toBe(put.headers.etag);
    });

    it('accepts If-Match: * and refuses weak or malformed tags (412, nothing changes)', async () => {
      const student = await createStudent(app, teacherA.accessToken, { sleep_hours: 6 });
      const read = await http().get(path(student.student_id)).set(bearer(teacherA.accessToken));
      const tag = read.headers.etag;
      for (const header of [`W/${tag}`, tag.slice(1, -1), '"unterminated']) {
        const res = await http()
          .patch(path(student.student_id))
          .set(bearer(teacherA.accessToken))
          .set('If-Match', header)
          .send({ sleep_hours: 8 });
        expect([header, res.status, res.body.code]).toEqual([header, 412, 'precondition_failed']);
      }
      const unchanged = await http()
        .get(path(student.student_id))
        .set(bearer(teacherA.accessToken));
      expect(unchanged.body.sleep_hours).toBe(6);
      const any = await http()
        .patch(path(student.student_id))
        .set(bearer(teacherA.accessToken))
        .set('If-Match', '*')
        .send({ sleep_hours: 8 });
      expect(any.status).toBe(200);
      expect(any.body.sleep_hours).toBe(8);
    });

    it('still accepts a write without If-Match while the setting is off (the default)', async () => {
      const student = await createStudent(app, teacherA.accessToken);
      const res = await http()
        .patch(path(student.student_id))
        .set(bearer(teacherA.accessToken))
        .send({ tutoring_sessions: 4 });
      expect(res.status).toBe(200);
      expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    });
  });

  describe('conditional GET', () => {
    it('answers 304 without a body to If-None-Match with the current tag, 200 once it changed', async () => {
      const student = await createStudent(app, teacherA.accessToken);
      const read = await http().get(path(student.student_id)).set(bearer(teacherA.accessToken));
      const tag = read.headers.etag;
      const notModified = await http()
        .get(path(student.student_id))
        .set(bearer(teacherA.accessToken))
        .set('If-None-Match', tag);
      expect(notModified.status).toBe(304);
      expect(notModified.text).toBe('');
      await http()
        .patch(path(student.student_id))
        .set(bearer(teacherA.accessToken))
        .send({ physical_activity: 5 })
        .expect(200);
      const changed = await http()
        .get(path(student.student_id))
        .set(bearer(teacherA.accessToken))
        .set('If-None-Match', tag);
      expect(changed.status).toBe(200);
      expect(changed.body.physical_activity).toBe(5);
    });
  });

  it('gives entity tags to single resources only: lists and errors carry none', async () => {
    const list = await http().get('/api/students').set(bearer(teacherA.accessToken)).expect(200);
    expect(list.headers.etag).toBeUndefined();
    const missing = await http()
      .get(path('NO-SUCH-STUDENT'))
      .set(bearer(teacherA.accessToken))
      .expect(404);
    expect(missing.headers.etag).toBeUndefined();
  });

  describe('DELETE with If-Match', () => {
    it('refuses a stale tag with 412 and keeps the student; the current tag deletes it', async () => {
      const student = await createStudent(app, teacherA.accessToken);
      const read = await http().get(path(student.student_id)).set(bearer(admin.accessToken));
      const stale = read.headers.etag;
      await http()
        .patch(path(student.student_id))
        .set(bearer(teacherA.accessToken))
        .send({ exam_score: 88 })
        .expect(200);
      const refused = await http()
        .delete(path(student.student_id))
        .set(bearer(admin.accessToken))
        .set('If-Match', stale);
      expect(refused.status).toBe(412);
      expect(refused.body.code).toBe('precondition_failed');
      const kept = await http().get(path(student.student_id)).set(bearer(admin.accessToken));
      expect(kept.status).toBe(200);
      expect(kept.body.exam_score).toBe(88);

      await http()
        .delete(path(student.student_id))
        .set(bearer(admin.accessToken))
        .set('If-Match', kept.headers.etag)
        .expect(204);
      await http().get(path(student.student_id)).set(bearer(admin.accessToken)).expect(404);
    });
  });

  describe('pagination links', () => {
    const token = uniqueToken();
    const female: string[] = [];

    beforeAll(async () => {
      for (let i = 0; i < 5; i++) {
        const s = await createStudent(app, teacherA.accessToken, {
          last_name: token,
          first_name: `F${i}`,
          gender: 'Female',
        });
        female.push(s.student_id);
      }
      await createStudent(app, teacherA.accessToken, { last_name: token, gender: 'Male' });
    });

    const list = (query: string) =>
      http().get(`/api/students?${query}`).set(bearer(teacherA.accessToken));

    it('gives Link and meta.links with first, prev, next, last carrying the filters', async () => {
      const base = `search=${token}&gender=Female&sort=-first_name`;
      const res = await list(`${base}&per_page=2&page=2`);
      expect(res.status).toBe(200);
      expect(res.body.meta).toEqual({
        page: 2,
        per_page: 2,
        total: 5,
        total_pages: 3,
        links: {
          self: `/api/students?${base}&per_page=2&page=2`,
          first: `/api/students?${base}&per_page=2&page=1`,
          prev: `/api/students?${base}&per_page=2&page=1`,
          next: `/api/students?${base}&per_page=2&page=3`,
          last: `/api/students?${base}&per_page=2&page=3`,
        },
      });
      const { self, ...related } = res.body.meta.links as Record<string, string>;
      expect(self).toBeDefined();
      expect(parseLinkHeader(res.headers.link)).toEqual(related);
      expect(res.body.data.map((s: { first_name: string }) => s.first_name)).toEqual(['F2', 'F1']);

      const next = await http().get(related.next).set(bearer(teacherA.accessToken));
      expect(next.body.data.map((s: { first_name: string }) => s.first_name)).toEqual(['F0']);
      expect(next.body.meta.links.next).toBeUndefined();
      expect(parseLinkHeader(next.headers.link)).toEqual({
        first: related.first,
        prev: `/api/students?${base}&per_page=2&page=2`,
        last: related.last,
      });
    });

    it('omits prev on the first page, sets page and per_page when the request had none', async () => {
      const res = await list(`gender=Female&search=${token}`);
      expect(res.body.meta.total).toBe(5);
      const links = parseLinkHeader(res.headers.link);
      expect(links).toEqual({
        first: `/api/students?gender=Female&search=${token}&page=1&per_page=20`,
        last: `/api/students?gender=Female&search=${token}&page=1&per_page=20`,
      });
      expect(res.body.meta.links.prev).toBeUndefined();
    });

    it('keeps repeated and encoded filters, and links an empty list to page 1', async () => {
      const res = await list(`search=${token}%20none&gender=Male&gender=Female&per_page=5&page=3`);
      expect(res.status).toBe(200);
      expect(res.body.meta.total).toBe(0);
      const q = `search=${token}+none&gender=Male&gender=Female&per_page=5`;
      expect(parseLinkHeader(res.headers.link)).toEqual({
        first: `/api/students?${q}&page=1`,
        prev: `/api/students?${q}&page=1`,
        last: `/api/students?${q}&page=1`,
      });
      expect(res.body.meta.links.self).toBe(`/api/students?${q}&page=3`);
    });
  });
});

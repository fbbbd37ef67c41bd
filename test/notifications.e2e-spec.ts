import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { NotificationsService } from '../src/notifications/notifications.service';
import { bearer, createUserAndLogin, LoggedInUser } from './helpers/auth';
import { createTestApp } from './helpers/test-app';

describe('Notifications', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
  });

  /** Creates `count` notifications for a user, oldest first, one second apart. */
  async function notificationsFor(user: LoggedInUser, count: number): Promise<void> {
    const service = app.get(NotificationsService);
    for (let i = 0; i < count; i++) {
      await service.notify({
        userId: user.user.id,
        type: 'test',
        title: `Note ${i}`,
        message: `Message ${i}`,
        data: { i },
      });
    }
    await dataSource.query(
      `UPDATE notifications SET created_at = now() - make_interval(secs => 100 - (data->>'i')::int)
       WHERE user_id = $1`,
      [user.user.id],
    );
  }

  it('lists only the caller’s own notifications, newest first, paginated', async () => {
    const [alice, bob] = await Promise.all([
      createUserAndLogin(app, { role: 'student' }),
      createUserAndLogin(app, { role: 'teacher' }),
    ]);
    await notificationsFor(alice, 3);
    await notificationsFor(bob, 1);
    const res = await http()
      .get('/api/notifications?per_page=2')
      .set(bearer(alice.accessToken))
      .expect(200);
    expect(res.body.meta).toEqual({
      page: 1,
      per_page: 2,
      total: 3,
      total_pages: 2,
      links: {
        self: '/api/notifications?per_page=2&page=1',
        first: '/api/notifications?per_page=2&page=1',
        next: '/api/notifications?per_page=2&page=2',
        last: '/api/notifications?per_page=2&page=2',
      },
    });
    expect(res.body.data.map((n: { title: string }) => n.title)).toEqual(['Note 2', 'Note 1']);
    expect(res.body.data[0]).toEqual({
      id: expect.any(String),
      type: 'test',
      title: 'Note 2',
      message: 'Message 2',
      data: { i: 2 },
      read: false,
      read_at: null,
      created_at: expect.any(String),
    });
    const other = await http().get('/api/notifications').set(bearer(bob.accessToken)).expect(200);
    expect(other.body.data.map((n: { title: string }) => n.title)).toEqual(['Note 0']);
  });

  it('marks one read (idempotently), filters unread, and refuses another user’s as 404', async () => {
    const [alice, bob] = await Promise.all([
      createUserAndLogin(app, { role: 'student' }),
      createUserAndLogin(app, { role: 'student' }),
    ]);
    await notificationsFor(alice, 2);
    const list = await http().get('/api/notifications').set(bearer(alice.accessToken)).expect(200);
    const [newest, oldest] = list.body.data as { id: string }[];

    await http()
      .post(`/api/notifications/${newest.id}/read`)
      .set(bearer(bob.accessToken))
      .expect(404)
      .expect((res) => expect(res.body.code).toBe('notification_not_found'));
    await http()
      .post('/api/notifications/00000000-0000-4000-8000-000000000000/read')
      .set(bearer(alice.accessToken))
      .expect(404);
    await http()
      .post('/api/notifications/not-a-uuid/read')
      .set(bearer(alice.accessToken))
      .expect(400);

    const read = await http()
      .post(`/api/notifications/${newest.id}/read`)
      .set(bearer(alice.accessToken))
      .expect(200);
    expect(read.body).toMatchObject({ id: newest.id, read: true, read_at: expect.any(String) });
    const again = await http()
      .post(`/api/notifications/${newest.id}/read`)
      .set(bearer(alice.accessToken))
      .expect(200);
    expect(again.body.read_at).toBe(read.body.read_at);

    const unread = await http()
      .get('/api/notifications?unread=true')
      .set(bearer(alice.accessToken))
      .expect(200);
    expect(unread.body.data.map((n: { id: string }) => n.id)).toEqual([oldest.id]);
    const readOnly = await http()
      .get('/api/notifications?unread=false')
      .set(bearer(alice.accessToken))
      .expect(200);
    expect(readOnly.body.data.map((n: { id: string }) => n.id)).toEqual([newest.id]);
    await http().get('/api/notifications?unread=maybe').set(bearer(alice.accessToken)).expect(400);
  });

  it('marks all of the caller’s unread notifications read and no one else’s', async () => {
    const [alice, bob] = await Promise.all([
      createUserAndLogin(app, { role: 'administrator' }),
      createUserAndLogin(app, { role: 'student' }),
    ]);
    await notificationsFor(alice, 3);
    await notificationsFor(bob, 2);
    const first = await http()
      .post('/api/notifications/read-all')
      .set(bearer(alice.accessToken))
      .expect(200);
    expect(first.body).toEqual({ updated: 3 });
    await http()
      .post('/api/notifications/read-all')
      .set(bearer(alice.accessToken))
      .expect(200, { updated: 0 });
    const bobs = await http()
      .get('/api/notifications?unread=true')
      .set(bearer(bob.accessToken))
      .expect(200);
    expect(bobs.body.meta.total).toBe(2);
  });

  it('needs a token', async () => {
    await http().get('/api/notifications').expect(401);
    await http().post('/api/notifications/read-all').expect(401);
  });
});

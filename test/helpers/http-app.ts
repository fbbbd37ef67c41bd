import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type { Role } from '../../src/common/auth/role';
import { createUserAndLogin, type LoggedInUser } from './auth';
import { createTestApp } from './test-app';

type Env = Record<string, string>;

export interface HttpAppOptions<K extends string> {
  /** Environment of the app; a function when it is known only once earlier hooks have run. */
  env?: Env | (() => Env);
  /** Users created and logged in once the app has started, by name: `{ teacher: 'teacher' }`. */
  users?: Record<K, Role>;
}

export interface HttpApp<K extends string> {
  /** The running application (from the describe block's beforeAll on). */
  readonly app: NestExpressApplication;
  /** The users asked for, each logged in (from the describe block's beforeAll on). */
  readonly users: Readonly<Record<K, LoggedInUser>>;
  /** A request to the application's server: `http().get('/api/students')`. */
  http(): ReturnType<typeof request>;
  /** Closes the application and starts another with the same environment and `env` on top. */
  restart(env?: Env): Promise<NestExpressApplication>;
}

/**
 * The real application for one describe block: started in a beforeAll hook (before the hooks
 * declared after this call, so they can use it), with the users asked for, and closed in an
 * afterAll hook. Each call makes its own users.
 */
export function useHttpApp<K extends string = never>(options: HttpAppOptions<K> = {}): HttpApp<K> {
  let app: NestExpressApplication | undefined;
  let users: Record<K, LoggedInUser> | undefined;
  const env = () => (typeof options.env === 'function' ? options.env() : (options.env ?? {}));
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is used before the app has started`);
    return value;
  };

  beforeAll(async () => {
    app = await createTestApp(env());
    const running = app;
    const entries = Object.entries(options.users ?? {}) as [K, Role][];
    const logins = await Promise.all(
      entries.map(([, role]) => createUserAndLogin(running, { role })),
    );
    users = Object.fromEntries(entries.map(([name], i) => [name, logins[i]])) as Record<
      K,
      LoggedInUser
    >;
  });

  afterAll(async () => {
    await app?.close();
  });

  return {
    get app() {
      return started(app, 'app');
    },
    get users() {
      return started(users, 'users');
    },
    http: () => request(started(app, 'http()').getHttpServer()),
    restart: async (extra: Env = {}) => {
      await started(app, 'restart()').close();
      app = undefined;
      app = await createTestApp({ ...env(), ...extra });
      return app;
    },
  };
}

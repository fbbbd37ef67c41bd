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
  /**
   * The users asked for, each logged in: objects filled in once the app has started, so that a
   * describe block can destructure them at once (`const { teacher } = api.users`).
   */
  readonly users: Readonly<Record<K, LoggedInUser>>;
  /** A request to the application's server: `http().get('/api/students')`. */
  http(): ReturnType<typeof request>;
  /** Closes the application and starts another with the same environment and `env` on top. */
  restart(env?: Env): Promise<NestExpressApplication>;
}

/**
 * The real application for one describe block: started in a beforeAll hook, with the users asked
 * for, and closed in an afterAll hook. Jest runs hooks in the order they are declared: hooks
 * declared before this call can prepare what the app needs (a database of the file's own), those
 * after it can use the app, and an afterAll declared after it runs once the app is closed.
 * Each call makes its own users.
 */
export function useHttpApp<K extends string = never>(options: HttpAppOptions<K> = {}): HttpApp<K> {
  let app: NestExpressApplication | undefined;
  const roles = Object.entries(options.users ?? {}) as [K, Role][];
  const users = Object.fromEntries(roles.map(([name]) => [name, {}])) as Record<K, LoggedInUser>;
  const env = () => (typeof options.env === 'function' ? options.env() : (options.env ?? {}));
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is used before the app has started`);
    return value;
  };

  beforeAll(async () => {
    app = await createTestApp(env());
    const running = app;
    await Promise.all(
      roles.map(async ([name, role]) =>
        Object.assign(users[name], await createUserAndLogin(running, { role })),
      ),
    );
  });

  afterAll(async () => {
    await app?.close();
  });

  return {
    get app() {
      return started(app, 'app');
    },
    users,
    http: () => request(started(app, 'http()').getHttpServer()),
    restart: async (extra: Env = {}) => {
      await started(app, 'restart()').close();
      app = undefined;
      app = await createTestApp({ ...env(), ...extra });
      return app;
    },
  };
}

import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { Role } from '../../src/common/auth/role';
import { AccountCreationService } from '../../src/users/account-creation.service';

/** The user as the API returns it. */
export interface TestUser {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  role: Role;
  email_verified: boolean;
  is_active: boolean;
  created_at: string;
  student_id?: string;
}

export interface LoggedInUser {
  user: TestUser;
  accessToken: string;
  refreshToken: string;
  password: string;
  /** Set-Cookie headers of the login response (refresh and CSRF cookies). */
  cookies: string[];
}

/** A unique email for a test, e.g. `teacher-3f2a...@example.com`. */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomUUID()}@example.com`.toLowerCase();
}

/** A random password that passes the policy. */
export function strongPassword(): string {
  return `Pw-${randomBytes(12).toString('base64url')}`;
}

/** `{ Authorization: 'Bearer <token>' }` */
export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}

/**
 * Creates a verified, active user of the role directly through AccountCreationService, then logs in
 * through HTTP. Use it to get a token for each role in any HTTP test.
 */
export async function createUserAndLogin(
  app: INestApplication,
  options: { role: Role; email?: string; password?: string; firstName?: string; lastName?: string },
): Promise<LoggedInUser> {
  const email = (options.email ?? uniqueEmail(options.role)).toLowerCase();
  const password = options.password ?? strongPassword();
  await app.get(AccountCreationService).create(
    {
      email,
      password,
      firstName: options.firstName ?? 'Test',
      lastName: options.lastName ?? options.role,
      role: options.role,
      emailVerified: true,
    },
    { auditAction: 'user.created' },
  );
  const res = await request(app.getHttpServer()).post('/api/auth/login').send({ email, password });
  if (res.status !== 200) {
    throw new Error(`Login of the test user failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const body = res.body as { access_token: string; refresh_token: string; user: TestUser };
  const setCookie = res.headers['set-cookie'] as unknown;
  return {
    user: body.user,
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    password,
    cookies: Array.isArray(setCookie) ? (setCookie as string[]) : [],
  };
}

/** The value of a cookie among Set-Cookie headers. */
export function cookieValue(setCookies: string[], name: string): string | undefined {
  for (const header of setCookies) {
    const [pair] = header.split(';');
    const eq = pair.indexOf('=');
    if (pair.slice(0, eq).trim() === name) return decodeURIComponent(pair.slice(eq + 1));
  }
  return undefined;
}

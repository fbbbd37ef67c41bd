import { loadConfig } from '../../config/load-config';
import { AdmittedLogin, isRefusal, LoginAttempts } from './login-attempts';

describe('LoginAttempts (in memory)', () => {
  const attempts = new LoginAttempts(
    loadConfig({
      NODE_ENV: 'test',
      LOGIN_CLIENT_MAX_FAILURES: '2',
      LOGIN_ACCOUNT_MAX_FAILURES: '3',
      LOGIN_CLIENT_WINDOW_SECONDS: '60',
      LOGIN_ACCOUNT_WINDOW_SECONDS: '120',
    }),
  );
  afterAll(() => attempts.onApplicationShutdown());

  async function admitted(email: string, ip: string): Promise<AdmittedLogin> {
    const result = await attempts.admit(email, ip);
    if (isRefusal(result)) throw new Error(`refused: ${result.retryAfterSeconds}`);
    return result;
  }

  it('keys by normalised email and client, and counts failures only', async () => {
    const a = await admitted(' Owner@School.EDU ', '10.0.0.1');
    expect(await attempts.failed(a)).toBeUndefined();
    expect(await attempts.failed(await admitted('owner@school.edu', '10.0.0.1'))).toBeUndefined();
    const refused = await attempts.admit('OWNER@school.edu', '10.0.0.1');
    expect(isRefusal(refused) && refused.retryAfterSeconds).toBe(60);
    // Another client is not refused; a success there clears only that client's count.
    const b = await admitted('owner@school.edu', '10.0.0.2');
    await attempts.succeeded(b);
    expect(isRefusal(await attempts.admit('owner@school.edu', '10.0.0.1'))).toBe(true);
  });

  it('past the account-wide limit lets only clients without a failure try, and refuses their failure', async () => {
    const email = 'sprayed@school.edu';
    await attempts.failed(await admitted(email, '10.1.0.1'));
    await attempts.failed(await admitted(email, '10.1.0.2'));
    await attempts.failed(await admitted(email, '10.1.0.3'));
    expect(isRefusal(await attempts.admit(email, '10.1.0.3'))).toBe(true);
    const fresh = await admitted(email, '10.1.0.4');
    expect(fresh.accountUnderAttack).toBe(true);
    expect(await attempts.failed(fresh)).toEqual({ retryAfterSeconds: 60 });
    expect(isRefusal(await attempts.admit(email, '10.1.0.4'))).toBe(true);
    expect((await admitted(email, '10.1.0.5')).accountUnderAttack).toBe(true);
  });
});

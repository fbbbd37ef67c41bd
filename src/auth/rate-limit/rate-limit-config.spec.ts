import { loadConfig } from '../../config/load-config';

describe('rate-limit configuration', () => {
  it('is tight outside tests, loose in tests unless lowered, and overridable', () => {
    const dev = loadConfig({ NODE_ENV: 'development' }).rateLimits;
    expect(dev).toEqual({
      windowSeconds: 60,
      max: 600,
      authIpWindowSeconds: 60,
      authIpMax: 30,
      authAccountWindowSeconds: 900,
      authAccountMax: 10,
      loginClientFailures: 10,
      loginClientWindowSeconds: 900,
      loginAccountFailures: 50,
      loginAccountWindowSeconds: 3600,
    });
    expect(loadConfig({ NODE_ENV: 'development' }).argon2MaxQueue).toBe(16);
    expect(loadConfig({ NODE_ENV: 'test' }).rateLimits.authAccountMax).toBeGreaterThan(1000);
    const lowered = loadConfig({
      NODE_ENV: 'test',
      AUTH_RATE_LIMIT_ACCOUNT_MAX: '3',
      AUTH_RATE_LIMIT_ACCOUNT_WINDOW_SECONDS: '2',
      RATE_LIMIT_MAX: '5',
    }).rateLimits;
    expect(lowered).toMatchObject({ authAccountMax: 3, authAccountWindowSeconds: 2, max: 5 });
  });

  it('names a malformed limit', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', AUTH_RATE_LIMIT_IP_MAX: 'lots' })).toThrow(
      /AUTH_RATE_LIMIT_IP_MAX/,
    );
    expect(() => loadConfig({ NODE_ENV: 'test', RATE_LIMIT_WINDOW_SECONDS: '0' })).toThrow(
      /RATE_LIMIT_WINDOW_SECONDS/,
    );
  });

  it('accepts an optional password reset page URL', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).passwordResetUrl).toBeUndefined();
    expect(
      loadConfig({ NODE_ENV: 'test', PASSWORD_RESET_URL: 'https://app.example.org/reset' })
        .passwordResetUrl,
    ).toBe('https://app.example.org/reset');
    expect(() => loadConfig({ NODE_ENV: 'test', PASSWORD_RESET_URL: 'ftp://x' })).toThrow(
      /PASSWORD_RESET_URL/,
    );
  });
});

import { runMain } from './helpers/run-main';

describe('Start-up failures are fast and clear', () => {
  it('stops with a non-zero exit code and names the variable when configuration is invalid', async () => {
    const { code, output } = await runMain({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://127.0.0.1:1/x',
    });
    expect(code).not.toBe(0);
    expect(output).toMatch(/JWT_SECRET_KEY is required in production/);
    expect(output).toMatch(/MAIL_SERVER is required in production/);
  });

  it('fails fast with a clear message when DATABASE_URL points nowhere', async () => {
    const { code, output } = await runMain({
      NODE_ENV: 'development',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing',
      LOG_LEVEL: 'silent',
    });
    expect(code).toBe(1);
    expect(output).toMatch(/Startup failed: cannot connect to the database named by DATABASE_URL/);
    expect(output).not.toMatch(/at Object\.|node_modules/);
  });
});

import { databaseLossRejectionHandler } from './database-loss-guard';

describe('databaseLossRejectionHandler', () => {
  it('logs a rejection caused by a lost database and lets the process go on', () => {
    const warnings: unknown[] = [];
    const handle = databaseLossRejectionHandler({
      warn: (detail: unknown) => warnings.push(detail),
    });
    const lost = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    expect(() => handle(lost)).not.toThrow();
    expect(warnings).toEqual([
      { db_error: { name: 'Error', code: 'ECONNREFUSED', message: lost.message } },
    ]);
  });

  it('throws any other rejection again, so it still ends the process', () => {
    const handle = databaseLossRejectionHandler({ warn: () => undefined });
    const bug = new TypeError('x is not a function');
    expect(() => handle(bug)).toThrow(bug);
  });
});

import { decideActivation, meanAbsoluteError } from './training.service';

describe('decideActivation', () => {
  const active = { version: 'rf-old', mae: 1.0 };

  it('activates a model that is not worse on the same held-out students', () => {
    const better = decideActivation({
      requested: true,
      force: false,
      newMae: 0.9,
      active,
      rows: 60,
    });
    expect(better.activate).toBe(true);
    expect(better.reason).toBe(
      'activated: not worse; held-out MAE 0.9000 vs 1.0000 for the active model rf-old on the same 60 students',
    );
    expect(
      decideActivation({ requested: true, force: false, newMae: 1.0, active, rows: 60 }).activate,
    ).toBe(true);
  });

  it('keeps the active model when the new one is worse, unless forced', () => {
    const worse = decideActivation({
      requested: true,
      force: false,
      newMae: 1.2,
      active,
      rows: 60,
    });
    expect(worse.activate).toBe(false);
    expect(worse.reason).toMatch(
      /^not activated: worse than the active model; held-out MAE 1.2000 vs 1.0000/,
    );
    const forced = decideActivation({
      requested: true,
      force: true,
      newMae: 1.2,
      active,
      rows: 60,
    });
    expect(forced).toEqual({
      activate: true,
      reason:
        'activated (forced); held-out MAE 1.2000 vs 1.0000 for the active model rf-old on the same 60 students',
    });
  });

  it('never activates when activation was not requested', () => {
    const d = decideActivation({ requested: false, force: true, newMae: 0.1, active, rows: 60 });
    expect(d.activate).toBe(false);
    expect(d.reason).toMatch(/^not activated \(not requested\)/);
  });

  it('activates when nothing is active, and refuses when there is nothing to compare on', () => {
    expect(
      decideActivation({ requested: true, force: false, newMae: 2, active: null, rows: 60 }),
    ).toEqual({ activate: true, reason: 'activated (no model was active)' });
    expect(
      decideActivation({ requested: true, force: false, newMae: null, active, rows: 0 }).activate,
    ).toBe(false);
  });
});

describe('meanAbsoluteError', () => {
  it('averages absolute differences', () => {
    expect(meanAbsoluteError([1, 2, 3], [2, 2, 1])).toBeCloseTo(1);
  });
});

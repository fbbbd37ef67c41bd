import { sanitizeAuditDetails } from './audit-details';

describe('sanitizeAuditDetails', () => {
  it('drops anything that looks like a credential, at any depth', () => {
    expect(
      sanitizeAuditDetails({
        reason: 'wrong_password',
        password: 'hunter22',
        new_password: 'x',
        refresh_token: 'y',
        token_hash: 'z',
        nested: { Authorization: 'Bearer a', kept: 1, csrf: 'b' },
        list: [{ secret: 's', ok: true }],
      }),
    ).toEqual({ reason: 'wrong_password', nested: { kept: 1 }, list: [{ ok: true }] });
  });

  it('keeps plain facts, turns dates into ISO strings and clips long strings', () => {
    const out = sanitizeAuditDetails({
      at: new Date('2025-01-02T03:04:05Z'),
      from: 'student',
      long: 'x'.repeat(600),
    });
    expect(out.at).toBe('2025-01-02T03:04:05.000Z');
    expect(out.from).toBe('student');
    expect((out.long as string).length).toBeLessThanOrEqual(501);
  });

  it('returns an empty object for non-objects', () => {
    expect(sanitizeAuditDetails(null)).toEqual({});
    expect(sanitizeAuditDetails([1, 2])).toEqual({});
    expect(sanitizeAuditDetails('text')).toEqual({});
  });
});

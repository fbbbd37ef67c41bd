import { checkPasswordPolicy } from './password-policy';
import { commonPasswords } from './common-passwords';

describe('checkPasswordPolicy', () => {
  const common = new Set(['password123', 'letmein1']);
  const check = (password: string, email?: string) =>
    checkPasswordPolicy(password, { common, email });

  it('accepts 8 to 128 characters of anything, without composition rules', () => {
    expect(check('abcdefgh')).toEqual([]);
    expect(check('all lower case words')).toEqual([]);
    expect(check('ünïcödé✓✓✓')).toEqual([]);
    expect(check('x'.repeat(127) + 'y')).toEqual([]);
  });

  it('refuses fewer than 8 and more than 128 characters, counting code points', () => {
    expect(check('abcdefg')[0].message).toMatch(/at least 8/);
    expect(check('ab'.repeat(64) + 'c')[0].message).toMatch(/at most 128/);
    // 8 emoji are 16 UTF-16 units but 8 characters.
    expect(check('😀😁😂🤣😃😄😅😆')).toEqual([]);
    expect(check('😀😁😂🤣😃😄😅')[0].message).toMatch(/at least 8/);
  });

  it('never truncates: a long password differing only at the end is still checked whole', () => {
    expect(check('a'.repeat(100) + 'b')).toEqual([]);
  });

  it('refuses common passwords case-insensitively', () => {
    expect(check('Password123')[0].message).toMatch(/too common/);
    expect(check('LETMEIN1')[0].message).toMatch(/too common/);
  });

  it('refuses the email address or its local part, and a single repeated character', () => {
    expect(check('jane.doe@school.edu', 'Jane.Doe@school.edu')[0].message).toMatch(/email/);
    expect(check('jane.doe.x', 'jane.doe.x@school.edu')[0].message).toMatch(/email/);
    expect(check('zzzzzzzzzz')[0].message).toMatch(/single character/);
  });

  it('names the given field', () => {
    expect(check('short').map((e) => e.field)).toEqual(['password']);
    expect(checkPasswordPolicy('short', { common }, 'new_password')[0].field).toBe('new_password');
  });
});

describe('the shipped common-password list', () => {
  it('holds a few thousand lower-case entries of policy length, the demo passwords among them', () => {
    const list = commonPasswords();
    expect(list.size).toBeGreaterThan(2000);
    expect(list.size).toBeLessThan(20000);
    for (const entry of list) {
      expect(entry).toBe(entry.toLowerCase());
      expect(entry.length).toBeGreaterThanOrEqual(8);
    }
    for (const known of ['password', '12345678', 'qwerty123', 'admin123!', 'student123!']) {
      expect(list.has(known)).toBe(true);
    }
    expect(commonPasswords()).toBe(list);
  });
});

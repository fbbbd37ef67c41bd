import {
  newSignInMail,
  passwordChangedMail,
  passwordResetMail,
  verificationMail,
} from './account-mails';

describe('account emails', () => {
  const to = { email: 'jane@school.edu', firstName: '<b>Zoë</b>' };
  const api = { appUrl: 'https://api.example.org' };

  it('links the verification endpoint with the token and escapes names in HTML', () => {
    const mail = verificationMail(to, 'tok_en-123', { ...api, emailVerificationUrl: undefined });
    expect(mail.to).toBe('jane@school.edu');
    expect(mail.text).toContain('https://api.example.org/api/auth/verify-email?token=tok_en-123');
    expect(mail.text).toContain('Hello “<b>Zoë</b>”,');
    expect(mail.html).toContain('&lt;b&gt;Zoë&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>Zoë</b>');
    expect(mail.html).toContain(
      'href="https://api.example.org/api/auth/verify-email?token=tok_en-123"',
    );
  });

  it('links the client verification page when one is configured', () => {
    const mail = verificationMail(to, 'tok_en-123', {
      ...api,
      emailVerificationUrl: 'https://app.example.org/verify?from=mail',
    });
    expect(mail.text).toContain('https://app.example.org/verify?from=mail&token=tok_en-123');
    expect(mail.text).toMatch(/^tok_en-123$/m);
  });

  it('gives the reset token and a link, to the reset page when one is configured', () => {
    const plain = passwordResetMail(to, 'reset-token', { ...api, passwordResetUrl: undefined });
    expect(plain.text).toMatch(/^reset-token$/m);
    expect(plain.text).toContain(
      'https://api.example.org/api/auth/reset-password?token=reset-token',
    );
    const linked = passwordResetMail(to, 'reset-token', {
      ...api,
      passwordResetUrl: 'https://app.example.org/reset',
    });
    expect(linked.text).toContain('https://app.example.org/reset?token=reset-token');
    expect(linked.html).toContain('href="https://app.example.org/reset?token=reset-token"');
  });

  it('tells the user when the password changed, without any token', () => {
    const mail = passwordChangedMail(to, 'reset', api);
    expect(mail.subject).toMatch(/was reset/);
    expect(mail.text).toMatch(/all sessions were signed out/);
    expect(mail.html).toContain('&lt;b&gt;Zoë&lt;/b&gt;');
  });

  it('tells when, from where and with which browser a new sign-in happened', () => {
    const mail = newSignInMail(
      to,
      { at: new Date('2025-03-14T09:26:53.123Z'), ip: '203.0.113.7', userAgent: 'Agent <x>' },
      api,
    );
    expect(mail.subject).toMatch(/new sign-in/i);
    expect(mail.text).toContain('2025-03-14 09:26:53 UTC');
    expect(mail.text).toContain('203.0.113.7');
    expect(mail.text).toContain('Browser: “Agent <x>”');
    expect(mail.text).toMatch(/not you, change your password/);
    expect(mail.html).toContain('Agent &lt;x&gt;');
  });

  it('shows a stored name with a line break and a link quoted, on one line, without the link', () => {
    const hostile = { email: 'jane@school.edu', firstName: 'Jane\nReset at https://evil.example' };
    for (const mail of [
      verificationMail(hostile, 'tok', { ...api, emailVerificationUrl: undefined }),
      passwordResetMail(hostile, 'tok', { ...api, passwordResetUrl: undefined }),
      passwordChangedMail(hostile, 'changed', api),
      newSignInMail(
        hostile,
        { at: new Date(), ip: null, userAgent: 'see www.evil.example\n' },
        api,
      ),
    ]) {
      expect(mail.text).toMatch(/^Hello “Jane Reset at https\[:\]\/\/evil\[\.\]example”,$/m);
      expect(mail.text).not.toContain('evil.example');
      expect(mail.text).not.toMatch(/^Reset at/m);
      expect(mail.html).toContain('Hello “Jane Reset at https[:]//evil[.]example”,');
      expect(mail.html).not.toContain('evil.example');
    }
  });
});

import { passwordChangedMail, passwordResetMail, verificationMail } from './account-mails';

describe('account emails', () => {
  const to = { email: 'jane@school.edu', firstName: '<b>Jane</b>' };

  it('links the verification endpoint with the token and escapes names in HTML', () => {
    const mail = verificationMail(to, 'tok_en-123', { appUrl: 'https://api.example.org' });
    expect(mail.to).toBe('jane@school.edu');
    expect(mail.text).toContain('https://api.example.org/api/auth/verify-email?token=tok_en-123');
    expect(mail.html).toContain('&lt;b&gt;Jane&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>Jane</b>');
  });

  it('gives the reset token, and a link only when a reset page is configured', () => {
    const plain = passwordResetMail(to, 'reset-token', { passwordResetUrl: undefined });
    expect(plain.text).toContain('reset-token');
    expect(plain.text).not.toContain('http');
    const linked = passwordResetMail(to, 'reset-token', {
      passwordResetUrl: 'https://app.example.org/reset',
    });
    expect(linked.text).toContain('https://app.example.org/reset?token=reset-token');
  });

  it('tells the user when the password changed, without any token', () => {
    const mail = passwordChangedMail(to, 'reset', { appUrl: 'https://api.example.org' });
    expect(mail.subject).toMatch(/was reset/);
    expect(mail.text).toMatch(/all sessions were signed out/);
  });
});

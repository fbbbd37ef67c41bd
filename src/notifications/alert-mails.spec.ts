import { alertMailBody } from './alert-mails';

describe('alert emails', () => {
  const config = { appUrl: 'https://api.example.org' };
  const alert = {
    student_id: 'S042',
    severity: 'high',
    rule: 'High-risk prediction',
    message: 'High-risk prediction: risk level is high.',
  };

  it('lists the alert, escaped in HTML, and says how to change the preference', () => {
    const body = alertMailBody(
      { first_name: '<b>Zoë</b>', total: 1, alerts: [{ ...alert, message: 'a < b' }] },
      config,
    );
    expect(body.text).toContain('A new alert was opened:');
    expect(body.text).toContain('- [high] student S042: a < b');
    expect(body.text).toContain('PATCH https://api.example.org/api/users/me/preferences');
    expect(body.html).toContain('&lt;b&gt;Zoë&lt;/b&gt;');
    expect(body.html).toContain('a &lt; b');
    expect(body.html).not.toContain('<b>Zoë</b>');
  });

  it('counts the alerts that are not listed', () => {
    const body = alertMailBody({ first_name: 'Ann', total: 25, alerts: [alert, alert] }, config);
    expect(body.text).toContain('25 new alerts were opened:');
    expect(body.text).toContain('… and 23 more.');
  });

  it('quotes the name and keeps staff-written text on one line without links', () => {
    const body = alertMailBody(
      {
        first_name: 'Ann\nwww.evil.example',
        total: 1,
        alerts: [{ ...alert, message: 'Rule\r\nsee https://evil.example: risk level is high.' }],
      },
      config,
    );
    expect(body.text).toMatch(/^Hello “Ann www\[\.\]evil\[\.\]example”,$/m);
    expect(body.text).toContain(
      '- [high] student S042: Rule see https[:]//evil[.]example: risk level is high.',
    );
    expect(body.text).not.toContain('evil.example');
    expect(body.html).not.toContain('evil.example');
  });
});

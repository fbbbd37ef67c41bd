import { inertText, quotedName, singleLine } from './mail-text';

describe('mail text', () => {
  it('puts text on one line, whatever controls and separators it holds', () => {
    expect(singleLine('Jane\r\n\tBcc: x\u2028y\u0085z\u202e\u0000')).toBe('Jane Bcc: x y z');
    expect(singleLine('  a   b  ')).toBe('a b');
    expect(singleLine('abcdef', 4)).toBe('abc…');
  });

  it('leaves nothing that a mail program would turn into a link', () => {
    expect(inertText('Go to https://evil.example/reset now')).toBe(
      'Go to https[:]//evil[.]example/reset now',
    );
    expect(inertText('www.evil.com')).toBe('www[.]evil[.]com');
    expect(inertText('WWW.X')).toBe('WWW[.]X');
    expect(inertText('me@evil.org')).toBe('me[at]evil[.]org');
    expect(inertText('Jane\nvisit evil.com')).toBe('Jane visit evil[.]com');
  });

  it('leaves ordinary names and numbers as they are', () => {
    for (const text of ['St. John', 'J.R.R. Tolkien', 'Nguyễn', 'score 55.25 is below 60.']) {
      expect(inertText(text)).toBe(text);
    }
  });

  it('quotes a name, bounded to 100 characters', () => {
    expect(quotedName('Zoë')).toBe('“Zoë”');
    expect(quotedName('Jane\nClick https://evil.example')).toBe(
      '“Jane Click https[:]//evil[.]example”',
    );
    expect(Array.from(quotedName('x'.repeat(500)))).toHaveLength(102);
    expect(quotedName('\n')).toBe('“?”');
  });
});

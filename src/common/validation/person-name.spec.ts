import { personNameProblem } from './person-name';

describe('personNameProblem', () => {
  it.each([
    "O'Brien",
    'O’Connor',
    'Zoë',
    'Jean-Luc',
    'Nguyễn Văn An',
    'van der Berg',
    'St. John',
    'J.R.R.',
    'Martin Luther King Jr.',
    'María José',
    'Łukasz',
    'Ødegaard',
    'Björk Guðmundsdóttir',
    'Şükrü',
    'Αλέξανδρος',
    'Владимир',
    'محمد بن سلمان',
    'שרה',
    '王小明',
    '佐藤 太郎',
    '김민준',
    'देवनागरी',
    'مهرداد‌ها', // with a zero-width non-joiner, as Persian writes it
    'Nkosazana Dlamini-Zuma',
    'Ngũgĩ wa Thiong’o',
    'Aroha Te Whāiti',
    'Kāhealani',
    "D'Angelo",
    'Mc Donald',
    'de la Cruz',
    'Al-Hassan',
    'X Æ A-12',
    'Louis XIV',
    'Sinéad Ní Chonchúir',
    'Ólafur (Óli)',
    'Smith, Jr',
  ])('accepts the real name %p', (name) => {
    expect(personNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['Jane\nClick here', /single line/],
    ['Jane\r\nBcc: x', /single line/],
    ['Jane\tDoe', /single line/],
    ['Jane\u0000', /single line/],
    ['Jane\u0085Doe', /single line/], // C1 next line
    ['Jane\u2028Doe', /single line/],
    ['Jane\u2029Doe', /single line/],
    ['Jane\u202eeoD', /single line/], // right-to-left override
    ['Jane\u2066Doe', /single line/],
    ['Jane\u007f', /single line/],
    ['https://evil.example', /web address/],
    ['visit evil.com now', /web address/],
    ['EVIL.COM', /web address/],
    ['www.example', /web address/],
    ['bit.ly/reset', /web address/],
    ['jane@evil.example', /email address/],
    ['192.168.10.1', /domain name/],
    ['ftp://x', /web address/],
    ['x'.repeat(101), /at most 100 characters/],
    ['', /must not be empty/],
  ])('refuses %p', (name, message) => {
    expect(personNameProblem(name)).toMatch(message);
  });
});

import { copyTextLine, copyTextValue } from './pg-copy-text';

describe('COPY text format', () => {
  it('writes null, booleans and numbers', () => {
    expect(copyTextValue(null)).toBe('\\N');
    expect(copyTextValue(true)).toBe('t');
    expect(copyTextValue(false)).toBe('f');
    expect(copyTextValue(7.5)).toBe('7.5');
    expect(copyTextValue(0)).toBe('0');
  });

  it('escapes backslash, tab and line breaks in text', () => {
    expect(copyTextValue('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyTextValue('\\N')).toBe('\\\\N');
  });

  it('joins a line with tabs', () => {
    expect(copyTextLine([2, 'x', null, false])).toBe('2\tx\t\\N\tf\n');
  });
});

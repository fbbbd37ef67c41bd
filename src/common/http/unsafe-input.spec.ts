import { findUnsafeInput } from './unsafe-input';

describe('findUnsafeInput', () => {
  it('accepts ordinary text, tab, line feed and carriage return, and non-string values', () => {
    expect(
      findUnsafeInput({
        name: 'Zoë 😀',
        notes: 'line one\r\nline two\tindented',
        count: 3,
        flag: true,
        none: null,
        list: ['a', { b: 'c' }],
      }),
    ).toBeUndefined();
  });

  it('names the field holding a NUL or another C0 control character, by its dotted path', () => {
    expect(findUnsafeInput({ first_name: 'A\u0000b' })).toEqual({
      field: 'first_name',
      message: expect.stringContaining('U+0000') as string,
    });
    expect(findUnsafeInput({ students: [{ a: 'ok' }, { note: 'bell\u0007' }] })?.field).toBe(
      'students.1.note',
    );
    expect(findUnsafeInput({ x: '\u001b[31m' })?.message).toContain('U+001B');
  });

  it('names a query parameter or path parameter under its own name', () => {
    expect(findUnsafeInput('a\u0000', 'student_id')?.field).toBe('student_id');
    expect(findUnsafeInput({ search: ['ok', 'x\u0001'] })?.field).toBe('search.1');
  });

  it('refuses unpaired surrogates but not pairs', () => {
    expect(findUnsafeInput({ a: '\ud83d\ude00' })).toBeUndefined();
    expect(findUnsafeInput({ a: 'x\ud83d' })?.message).toContain('surrogate');
    expect(findUnsafeInput({ a: '\ude00x' })?.field).toBe('a');
  });

  it('refuses prototype keys as it refuses any unknown property', () => {
    expect(findUnsafeInput(JSON.parse('{"email":"a","__proto__":{"x":1}}'))).toEqual({
      field: '__proto__',
      message: 'is not allowed',
    });
    expect(findUnsafeInput({ a: [{ constructor: 1 }] })?.field).toBe('a.0.constructor');
    expect(findUnsafeInput({ b: { prototype: 1 } })?.field).toBe('b.prototype');
    expect(findUnsafeInput({ 'key\u0000': 1 })?.field).toBe('key\u0000');
  });
});

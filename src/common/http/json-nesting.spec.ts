import { exceedsJsonNesting } from './json-nesting';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('exceedsJsonNesting', () => {
  it('counts objects and arrays inside one another up to the limit', () => {
    expect(exceedsJsonNesting(bytes('{"a":[{"b":[1]}]}'), 4)).toBe(false);
    expect(exceedsJsonNesting(bytes('{"a":[{"b":[1]}]}'), 3)).toBe(true);
    expect(exceedsJsonNesting(bytes('[]'), 1)).toBe(false);
    expect(exceedsJsonNesting(bytes('[[]]'), 1)).toBe(true);
  });

  it('counts depth, not the number of containers side by side', () => {
    const wide = `[${Array.from({ length: 10_000 }, () => '{"a":[1]}').join(',')}]`;
    expect(exceedsJsonNesting(bytes(wide), 3)).toBe(false);
    expect(exceedsJsonNesting(bytes(wide), 2)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonNesting(bytes('{"a":"[[[[{{{{"}'), 1)).toBe(false);
    expect(exceedsJsonNesting(bytes('{"a":"\\"[[[[","b":"\\\\"}'), 1)).toBe(false);
    expect(exceedsJsonNesting(bytes('{"a":"\\\\","b":[[]]}'), 2)).toBe(true);
  });

  it('is not fooled by multi-byte characters', () => {
    expect(exceedsJsonNesting(bytes('{"é[😀{":"«[»"}'), 1)).toBe(false);
    expect(exceedsJsonNesting(bytes('{"é":["😀"]}'), 1)).toBe(true);
  });

  it('stops at the first level too deep of a huge body', () => {
    const deep = bytes('['.repeat(150_000) + ']'.repeat(150_000));
    expect(exceedsJsonNesting(deep, 32)).toBe(true);
    expect(exceedsJsonNesting(bytes('['.repeat(1_500) + ']'.repeat(1_500)), 1_500)).toBe(false);
  });
});

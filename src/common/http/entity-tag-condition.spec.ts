import { EntityTagCondition } from './entity-tag-condition';
import { entityTag } from './entity-tag';

const tag = entityTag({ id: 1, name: 'Ada' });

describe('EntityTagCondition', () => {
  it('matches one of a list of strong tags', () => {
    expect(EntityTagCondition.parse(tag).matches(tag)).toBe(true);
    expect(EntityTagCondition.parse(` "other" , ${tag}`).matches(tag)).toBe(true);
    expect(EntityTagCondition.parse('"other"').matches(tag)).toBe(false);
  });

  it('matches anything with *', () => {
    expect(EntityTagCondition.parse(' * ').matches(tag)).toBe(true);
  });

  it('never matches a weak tag (strong comparison) or a malformed header', () => {
    expect(EntityTagCondition.parse(`W/${tag}`).matches(tag)).toBe(false);
    expect(EntityTagCondition.parse(tag.slice(1, -1)).matches(tag)).toBe(false);
    expect(EntityTagCondition.parse(`${tag}, bare`).matches(tag)).toBe(false);
    expect(EntityTagCondition.parse('').matches(tag)).toBe(false);
  });
});

describe('entityTag', () => {
  it('is a quoted digest that changes with any field', () => {
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(entityTag({ id: 1, name: 'Ada' })).toBe(tag);
    expect(entityTag({ id: 1, name: 'Ada ' })).not.toBe(tag);
  });
});

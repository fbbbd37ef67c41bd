import { demoIdentities } from './demo-names';

describe('demoIdentities', () => {
  const genders = ['Male', 'Female', 'Female', 'Male', 'Female'] as const;

  it('is deterministic', () => {
    expect(demoIdentities(genders)).toEqual(demoIdentities(genders));
  });

  it('depends on the seed', () => {
    expect(demoIdentities(genders, 1)).not.toEqual(demoIdentities(genders, 2));
  });

  it('gives plausible names and ages for each row', () => {
    const identities = demoIdentities(genders);
    expect(identities).toHaveLength(genders.length);
    for (const who of identities) {
      expect(who.firstName).toMatch(/^[A-Z][a-z]+$/);
      expect(who.lastName).toMatch(/^[A-Z][a-z]+$/);
      expect(who.age).toBeGreaterThanOrEqual(14);
      expect(who.age).toBeLessThanOrEqual(18);
    }
  });
});

import { SeededRng } from '../predictions/ml';
import type { Gender } from '../students/factor-catalogue';

const FEMALE_FIRST_NAMES: readonly string[] = (
  'Amelia Ava Chloe Clara Elena Emma Grace Hannah Isla Julia Laura Leah Lucy Maya Mia Nora ' +
  'Olivia Priya Ruby Sara Sofia Yara Zoe Amira Ines'
).split(' ');
const MALE_FIRST_NAMES: readonly string[] = (
  'Adam Ben Daniel David Elias Ethan Felix Hugo Isaac Jacob James Leo Liam Lucas Mateo Noah ' +
  'Omar Oscar Ravi Samuel Theo Tom Yusuf Arjun Kenji'
).split(' ');
const LAST_NAMES: readonly string[] = (
  'Adams Ahmed Baker Brown Campbell Chen Clark Costa Davies Evans Fischer Garcia Green Hall ' +
  'Hughes Ivanova Jones Kaur Khan Kim Lee Lopez Martin Meyer Moreau Murphy Nguyen Novak ' +
  'Okafor Patel Rossi Santos Schmidt Silva Smith Suzuki Taylor Walker Wilson Wright'
).split(' ');

/** The fixed seed: every run names the same row the same way. */
export const DEMO_NAME_SEED = 20250901;

export interface DemoIdentity {
  firstName: string;
  lastName: string;
  age: number;
}

/**
 * Deterministic made-up identities for the data set's anonymous rows: a first name matching
 * the row's gender, a last name and an age of 14–18, drawn in row order from a seeded RNG.
 */
export function demoIdentities(genders: readonly Gender[], seed = DEMO_NAME_SEED): DemoIdentity[] {
  const rng = new SeededRng(seed);
  return genders.map((gender) => {
    const firsts = gender === 'Female' ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES;
    const firstName = firsts[rng.nextInt(firsts.length)];
    const lastName = LAST_NAMES[rng.nextInt(LAST_NAMES.length)];
    const age = 14 + rng.nextInt(5);
    return { firstName, lastName, age };
  });
}

import { randomInt } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { StudentProfile } from '../../src/students/entities/student-profile.entity';
import {
  DISTANCE_FROM_HOME_VALUES,
  GENDER_VALUES,
  LEVEL_VALUES,
  PARENTAL_EDUCATION_LEVEL_VALUES,
  PEER_INFLUENCE_VALUES,
  SCHOOL_TYPE_VALUES,
} from '../../src/students/factor-catalogue';

const LEVELS = LEVEL_VALUES.values;
const pick = <T>(values: readonly T[]): T => values[randomInt(values.length)];

/**
 * Inserts `count` students with an exam score straight into the database (one multi-row
 * INSERT; far quicker than the API for the few hundred rows a training run needs). Scores
 * follow a simple rule of the factors plus noise, so a forest can learn something. Returns
 * their student ids.
 */
export async function insertLabelledStudents(
  app: INestApplication,
  count: number,
): Promise<string[]> {
  const base = 80_000_000 + randomInt(1_000_000) * 10;
  const rows = Array.from({ length: count }, (_, i): Partial<StudentProfile> => {
    const hours = randomInt(1, 45);
    const attendance = randomInt(60, 101);
    const previous = randomInt(50, 101);
    const motivation = pick(LEVELS);
    const score =
      40 +
      0.35 * hours +
      0.2 * attendance +
      0.05 * previous +
      LEVELS.indexOf(motivation) +
      (randomInt(0, 300) - 150) / 100;
    return {
      studentId: `STU${base + i}`,
      firstName: 'Train',
      lastName: `Row${i}`,
      gender: pick(GENDER_VALUES.learnt),
      hoursStudied: hours,
      attendance,
      parentalInvolvement: pick(LEVELS),
      accessToResources: pick(LEVELS),
      extracurricularActivities: randomInt(2) === 1,
      sleepHours: randomInt(4, 11),
      previousScores: previous,
      motivationLevel: motivation,
      internetAccess: randomInt(10) > 0,
      tutoringSessions: randomInt(0, 5),
      familyIncome: pick(LEVELS),
      teacherQuality: pick([...LEVELS, null]),
      schoolType: pick(SCHOOL_TYPE_VALUES.values),
      peerInfluence: pick(PEER_INFLUENCE_VALUES.values),
      physicalActivity: randomInt(0, 6),
      learningDisabilities: randomInt(10) === 0,
      parentalEducationLevel: pick([...PARENTAL_EDUCATION_LEVEL_VALUES.values, null]),
      distanceFromHome: pick(DISTANCE_FROM_HOME_VALUES.values),
      examScore: Math.min(100, Math.round(score)),
    };
  });
  await app.get(DataSource).getRepository(StudentProfile).insert(rows);
  return rows.map((r) => r.studentId as string);
}

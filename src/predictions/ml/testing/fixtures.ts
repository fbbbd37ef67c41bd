import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseStudentCsv } from '../csv-dataset';
import { LabelledStudent } from '../labelled-student';
import { ModelCard } from '../model-card';
import { readActiveModelFiles } from '../model-files';
import { StudentFactors } from '../student-factors';

/** Shared helpers for the *.spec.ts files of this folder. */

export const REPO_ROOT = path.resolve(__dirname, '../../../..');
export const SEED_CSV = path.join(REPO_ROOT, 'seeds/StudentPerformanceFactors.csv');
export const MODELS_DIR = path.join(REPO_ROOT, 'ml-models');

let cached: LabelledStudent[] | null = null;

/** The seed dataset (parsed once per test file). */
export function seedRows(): LabelledStudent[] {
  cached ??= parseStudentCsv(fs.readFileSync(SEED_CSV, 'utf8'));
  return cached;
}

/** The committed default model (ml-models/active.json) and its card. */
export function activeModelFiles(): { onnx: Buffer; card: ModelCard } {
  const { onnx, card } = readActiveModelFiles(MODELS_DIR);
  return { onnx, card };
}

export const sampleStudent: StudentFactors = {
  hours_studied: 19,
  attendance: 64,
  parental_involvement: 'Low',
  access_to_resources: 'Medium',
  extracurricular_activities: false,
  sleep_hours: 8,
  previous_scores: 59,
  motivation_level: 'Low',
  internet_access: true,
  tutoring_sessions: 2,
  family_income: 'Medium',
  teacher_quality: 'Medium',
  school_type: 'Public',
  peer_influence: 'Negative',
  physical_activity: 4,
  learning_disabilities: false,
  parental_education_level: 'College',
  distance_from_home: 'Moderate',
  gender: 'Female',
};

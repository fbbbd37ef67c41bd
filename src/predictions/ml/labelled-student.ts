import { StudentFactors } from './student-factors';

/** One training example: a student's factors and the exam score they obtained. */
export interface LabelledStudent {
  factors: StudentFactors;
  examScore: number;
}

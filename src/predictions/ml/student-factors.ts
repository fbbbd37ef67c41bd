/**
 * The 19 factors describing one student, as the API exposes them: the students module's factor
 * catalogue (a plain data module) is the one definition. Field names are the snake_case API
 * names; this shape is what both the training pipeline and the serving layer feed into the
 * encoder.
 */
import { LEVEL_VALUES } from '../../students/factor-catalogue';

export type {
  DistanceFromHome,
  FactorName,
  FactorValue,
  Gender,
  Level,
  ParentalEducationLevel,
  PeerInfluence,
  SchoolType,
  StudentFactors,
} from '../../students/factor-catalogue';

/** Low < Medium < High: the order of the model's encoding. */
export const LEVELS = LEVEL_VALUES.values;

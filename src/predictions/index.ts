/** What other modules may use of predictions besides its module, services, errors and dto/. */
export type { PredictionsStoredListener } from './predictions-stored-listener';
export type { StoredPrediction } from './stored-prediction';

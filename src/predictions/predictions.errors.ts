import {
  NotFoundError,
  ServiceUnavailableError,
  UnprocessableError,
} from '../common/errors/common.errors';
import { EncodingError } from './ml';

/** No model could be loaded (none registered, or the active one failed validation). */
export class ModelUnavailableError extends ServiceUnavailableError {
  override readonly code = 'model_unavailable';
  constructor(reason = 'No prediction model is loaded yet; try again shortly.') {
    super(reason, { headers: { 'Retry-After': '5' } });
  }
}

export class ModelVersionNotFoundError extends NotFoundError {
  override readonly code = 'model_not_found';
  constructor(version: string) {
    super(`No model version ${version} was found.`);
  }
}

/** The stored model's bytes or card do not match what this server can serve. */
export class ModelInvalidError extends UnprocessableError {
  override readonly code = 'model_invalid';
  constructor(version: string, reason: string) {
    super(`Model ${version} cannot be served: ${reason}`);
  }
}

export class TrainingJobNotFoundError extends NotFoundError {
  override readonly code = 'training_job_not_found';
  constructor(id: string) {
    super(`No training job ${id} was found.`);
  }
}

/** A stored profile holds factor values the model cannot encode. */
export class UnusableFactorsError extends UnprocessableError {
  override readonly code = 'invalid_factors';
  constructor(subject: string, reason: string) {
    super(`The factors of ${subject} cannot be used for a prediction: ${reason}`);
  }
}

/** Runs `work`, turning the model's encoding error into UnusableFactorsError about `subject`. */
export async function withUsableFactors<T>(subject: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error: unknown) {
    if (error instanceof EncodingError) throw new UnusableFactorsError(subject, error.message);
    throw error;
  }
}

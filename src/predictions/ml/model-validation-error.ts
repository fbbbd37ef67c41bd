/** Thrown when a model's bytes, graph or metadata do not match what this code serves. */
export class ModelValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelValidationError';
  }
}

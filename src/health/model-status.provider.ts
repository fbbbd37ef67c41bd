/** Implemented by the predictions module: which model version is loaded, if any. */
export abstract class ModelStatusProvider {
  abstract loadedModelVersion(): string | undefined;
}

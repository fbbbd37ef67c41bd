/** What an instance serves, and why not the active model when it cannot. */
export interface ModelStatus {
  /** The version this instance serves (loaded and proven), if any. */
  serving?: string;
  /** The version the database names active at the last check (null: none is active). */
  active?: string | null;
  /** Why the active model is not the one served; absent when all is well. */
  problem?: string;
  /** When that problem was found (ISO 8601). */
  since?: string;
}

/** What the readiness check reads: which model version this instance has loaded, if any. */
export abstract class ModelStatusProvider {
  abstract loadedModelVersion(): string | undefined;
  /** Checks the active version if the last check is stale (bounded in time), then reports. */
  abstract modelStatus(): Promise<ModelStatus>;
}

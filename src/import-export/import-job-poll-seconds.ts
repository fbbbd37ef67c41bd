/** Seconds a client is told to wait between two looks at a job (Retry-After of the 202). */
export const IMPORT_JOB_POLL_SECONDS = 2;

/**
 * A background import whose row was ended by someone else meanwhile (declared interrupted,
 * e.g. on shutdown or because its progress went stale): the import stops and commits nothing.
 * Internal: never answered to a client.
 */
export class ImportJobLostError extends Error {
  constructor() {
    super('The import job was ended as interrupted; nothing is committed.');
    this.name = 'ImportJobLostError';
  }
}

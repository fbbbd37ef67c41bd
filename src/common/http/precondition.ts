import type { EntityTagCondition } from './entity-tag-condition';
import { entityTag } from './entity-tag';
import { PreconditionFailedError } from './precondition-failed.error';

/**
 * A check a service runs on the current state of a resource, read inside the transaction that
 * writes it and locked there (SELECT … FOR UPDATE), so no other write can slip in between the
 * check and the write. It throws to refuse the write.
 */
export type Precondition<T> = (current: T) => void;

/**
 * The `If-Match` precondition for a resource: `represent` maps the locked state to the API
 * representation whose entity tag the client holds. No header: no precondition.
 */
export function ifMatchPrecondition<T>(
  condition: EntityTagCondition | undefined,
  what: string,
  represent: (current: T) => unknown,
): Precondition<T> | undefined {
  if (condition === undefined) return undefined;
  return (current) => {
    if (!condition.matches(entityTag(represent(current)))) throw new PreconditionFailedError(what);
  };
}

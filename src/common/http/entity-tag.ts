import { createHash } from 'node:crypto';

/** The entity tag of a representation already serialized as JSON (see entityTag). */
export function entityTagOfJson(json: string): string {
  const digest = createHash('sha256').update(json).digest('base64url');
  return `"${digest.slice(0, 32)}"`;
}

/**
 * The strong entity tag of a resource's JSON representation: a digest of exactly what the API
 * returns for it, so it changes whenever any field of the response changes, and two reads of
 * an unchanged resource give the same tag.
 */
export function entityTag(representation: unknown): string {
  return entityTagOfJson(JSON.stringify(representation));
}

/**
 * An `If-Match` request header: `*` (any current representation) or a list of entity tags,
 * compared strongly (RFC 9110 §13.1.1): a weak tag (`W/"…"`) never matches, and a header that
 * is not a valid list matches nothing.
 */
export class EntityTagCondition {
  private constructor(
    private readonly any: boolean,
    private readonly tags: readonly string[],
  ) {}

  static parse(header: string): EntityTagCondition {
    const value = header.trim();
    if (value === '*') return new EntityTagCondition(true, []);
    const tags: string[] = [];
    for (const part of value.split(',')) {
      const candidate = part.trim();
      if (candidate === '') continue;
      if (!ENTITY_TAG.test(candidate)) return new EntityTagCondition(false, []);
      if (!candidate.startsWith('W/')) tags.push(candidate);
    }
    return new EntityTagCondition(false, tags);
  }

  matches(currentTag: string): boolean {
    return this.any || this.tags.includes(currentTag);
  }
}

/** `"…"` or `W/"…"` with the characters RFC 9110 allows inside (no quote, no control). */
const ENTITY_TAG = /^(W\/)?"[\x21\x23-\x7e\x80-\xff]*"$/;

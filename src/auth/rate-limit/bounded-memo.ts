/**
 * Remembers the results of a function of a string, for at most `capacity` arguments at a time:
 * once full it starts again empty (cheaper than tracking the least recently used, and a miss
 * only costs the computation it saves).
 */
export class BoundedMemo<V = string> {
  private readonly values = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(argument: string): V | undefined {
    return this.values.get(argument);
  }

  set(argument: string, value: V): V {
    if (this.values.size >= this.capacity) this.values.clear();
    this.values.set(argument, value);
    return value;
  }

  /** Forgets `argument`'s result (one that no longer holds). */
  delete(argument: string): void {
    this.values.delete(argument);
  }

  get size(): number {
    return this.values.size;
  }
}

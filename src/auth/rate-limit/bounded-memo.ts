/**
 * Remembers the results of a pure function of a string, for at most `capacity` arguments at a
 * time: once full it starts again empty (cheaper than tracking the least recently used, and a
 * miss only costs the computation it saves).
 */
export class BoundedMemo {
  private readonly values = new Map<string, string>();

  constructor(private readonly capacity: number) {}

  get(argument: string): string | undefined {
    return this.values.get(argument);
  }

  set(argument: string, value: string): string {
    if (this.values.size >= this.capacity) this.values.clear();
    this.values.set(argument, value);
    return value;
  }

  get size(): number {
    return this.values.size;
  }
}

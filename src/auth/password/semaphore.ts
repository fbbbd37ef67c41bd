/** The semaphore's queue is full: the task was not run. */
export class SemaphoreFullError extends Error {
  constructor() {
    super('Too many tasks are waiting');
    this.name = 'SemaphoreFullError';
  }
}

/**
 * A counting semaphore: at most `max` tasks run at once; at most `maxQueued` others wait, in
 * arrival order, and a task beyond that is refused at once (SemaphoreFullError). Used to bound
 * concurrent argon2 hashes so they cannot occupy every libuv worker thread, nor pile up.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly max: number,
    private readonly maxQueued = Number.POSITIVE_INFINITY,
  ) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError('max must be a positive integer');
    if (!(maxQueued >= 0)) throw new RangeError('maxQueued must not be negative');
  }

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.max) {
      this.active += 1;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxQueued) return Promise.reject(new SemaphoreFullError());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so `active` stays the same.
    if (next) next();
    else this.active -= 1;
  }
}

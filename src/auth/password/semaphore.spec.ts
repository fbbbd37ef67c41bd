import { Semaphore } from './semaphore';

describe('Semaphore', () => {
  it('runs at most max tasks at once, in arrival order, and releases on failure', async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (i: number, fail = false) =>
      semaphore.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push(i);
        running -= 1;
        if (fail) throw new Error(`task ${i}`);
        return i;
      });
    const results = await Promise.allSettled([0, 1, 2, 3, 4, 5].map((i) => task(i, i === 1)));
    expect(peak).toBe(2);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(order.slice(0, 2).sort()).toEqual([0, 1]);
    expect(semaphore.running).toBe(0);
    expect(semaphore.queued).toBe(0);
  });

  it('refuses a non-positive size', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});

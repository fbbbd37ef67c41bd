import { Semaphore, SemaphoreFullError } from './semaphore';

describe('Semaphore with a bounded queue', () => {
  it('refuses at once a task beyond the running and queued bound, and takes tasks again later', async () => {
    const semaphore = new Semaphore(1, 2);
    const releases: (() => void)[] = [];
    const task = () => new Promise<string>((resolve) => releases.push(() => resolve('done')));
    const running = semaphore.run(task);
    const queued = [semaphore.run(task), semaphore.run(task)];
    await expect(semaphore.run(task)).rejects.toBeInstanceOf(SemaphoreFullError);
    expect(semaphore.queued).toBe(2);
    for (let i = 0; i < 3; i += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      releases.shift()!();
    }
    await expect(Promise.all([running, ...queued])).resolves.toEqual(['done', 'done', 'done']);
    await expect(semaphore.run(() => Promise.resolve(1))).resolves.toBe(1);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import * as argon2 from 'argon2';
import { ARGON2_PARAMS, parseArgon2Hash } from './argon2-params';
import { ARGON2_NICE, Argon2Process } from './argon2-process';

const OPTIONS = { ...ARGON2_PARAMS, type: argon2.argon2id } as const;

/** Per thread of `pid`: CPU ticks used and nice value (Linux /proc). */
function threadsOf(pid: number): { ticks: number; nice: number }[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ticks: Number(fields[11]) + Number(fields[12]), nice: Number(fields[16]) };
  });
}

describe('Argon2Process', () => {
  const hasher = new Argon2Process();
  afterAll(() => hasher.stop());

  it('hashes and verifies in a child process, with the same parameters and results', async () => {
    const hash = await hasher.hash('correct horse battery', OPTIONS);
    expect(parseArgon2Hash(hash)).toEqual({
      type: 'argon2id',
      version: 0x13,
      memoryCost: 19 * 1024,
      timeCost: 2,
      parallelism: 1,
    });
    expect(hasher.pid).toBeGreaterThan(0);
    expect(hasher.pid).not.toBe(process.pid);
    await expect(argon2.verify(hash, 'correct horse battery')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'correct horse battery')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'wrong horse battery')).resolves.toBe(false);
    await expect(hasher.verify('not a hash', 'x')).rejects.toThrow();
  });

  (process.platform === 'linux' ? it : it.skip)(
    'hashes on threads of lower priority (the busiest thread of the child is niced)',
    async () => {
      for (let i = 0; i < 6; i += 1) await hasher.hash(`password-${i}`, OPTIONS);
      const threads = threadsOf(hasher.pid!);
      const busiest = threads.reduce((a, b) => (b.ticks > a.ticks ? b : a));
      expect(busiest.ticks).toBeGreaterThan(0);
      expect(busiest.nice).toBe(ARGON2_NICE);
    },
  );

  it('starts a new child when the old one ended', async () => {
    await hasher.hash('first', OPTIONS);
    const first = hasher.pid!;
    process.kill(first, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const hash = await hasher.hash('second', OPTIONS);
    expect(hasher.pid).not.toBe(first);
    await expect(argon2.verify(hash, 'second')).resolves.toBe(true);
  });
});

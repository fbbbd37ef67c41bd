import { readFileSync } from 'node:fs';

/** Resident memory of a process in MB, from /proc (Linux); null where that is not readable. */
export function procRssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

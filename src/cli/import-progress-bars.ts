import { MultiBar, Presets, type SingleBar } from 'cli-progress';

/** The importer's progress report, as the command line receives it through its hook. */
type ImportPhase = 'read' | 'check' | 'load' | 'merge';
interface ImportProgress {
  phase: ImportPhase;
  bytes: number;
  rows: number;
  done: number;
  total: number | null;
}

const LABELS: Readonly<Record<ImportPhase, string>> = {
  read: 'read  ',
  check: 'check ',
  load: 'load  ',
  merge: 'merge ',
};
const ORDER: readonly ImportPhase[] = ['read', 'check', 'load', 'merge'];

/**
 * The command line's progress on stderr: one bar per phase of the import (read in MB of the
 * file, then check, load and merge in rows), each added when its phase begins. The running
 * phase's elapsed time keeps ticking while the database works, so a finished bar above it
 * never stands for a finished import. A phase whose total is not known yet (check while the
 * file is still read) shows a total estimated from the bytes read, marked `~`.
 */
export class ImportProgressBars {
  private readonly bars = new MultiBar(
    {
      format: '{label}{bar} {percentage}% | {shown}/{of} {unit} | {duration_formatted}',
      hideCursor: true,
      stream: process.stderr,
      clearOnComplete: false,
      stopOnComplete: false,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  private readonly started = new Map<ImportPhase, SingleBar>();
  private current: ImportPhase | null = null;

  constructor(private readonly fileSize: number) {}

  update(progress: ImportProgress): void {
    const { phase } = progress;
    const { total, of } = this.totalOf(progress);
    const payload = { label: LABELS[phase], of, ...this.shown(phase, progress.done) };
    let bar = this.started.get(phase);
    if (!bar) {
      this.finishBefore(phase);
      bar = this.bars.create(total, progress.done, payload);
      this.started.set(phase, bar);
    } else {
      bar.setTotal(total);
      bar.update(progress.done, payload);
    }
    this.current = phase;
  }

  stop(): void {
    this.bars.stop();
  }

  /** Bars of earlier phases are complete once a later phase begins. */
  private finishBefore(phase: ImportPhase): void {
    for (const earlier of ORDER.slice(0, ORDER.indexOf(phase))) {
      const bar = this.started.get(earlier);
      if (bar && earlier === this.current) bar.update(bar.getTotal());
    }
  }

  private totalOf(progress: ImportProgress): { total: number; of: string } {
    if (progress.phase === 'read') {
      return { total: Math.max(1, progress.total ?? this.fileSize), of: megabytes(this.fileSize) };
    }
    if (progress.total !== null) {
      return { total: Math.max(1, progress.total), of: String(progress.total) };
    }
    const estimate =
      progress.bytes > 0 ? Math.round((progress.rows * this.fileSize) / progress.bytes) : 0;
    const total = Math.max(1, estimate, progress.done);
    return { total, of: `~${total}` };
  }

  private shown(phase: ImportPhase, done: number): { shown: string; unit: string } {
    return phase === 'read'
      ? { shown: megabytes(done), unit: 'MB' }
      : { shown: String(done), unit: 'rows' };
  }
}

function megabytes(bytes: number): string {
  return (Math.round((bytes / 1e6) * 10) / 10).toFixed(1);
}

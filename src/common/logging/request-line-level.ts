import { type LevelWithSilent, levels } from 'pino';

/** `level` if a logger at `threshold` writes it, else 'silent'. */
export function requestLineLevel(level: 'info' | 'error', threshold: string): LevelWithSilent {
  const wanted = levels.values[level];
  const lowest = levels.values[threshold] ?? levels.values.info;
  return threshold !== 'silent' && wanted >= lowest ? level : 'silent';
}

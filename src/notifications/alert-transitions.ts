import type { AlertStatusValue } from './alert-values';

/**
 * Whether an alert may go from `from` to `to`. Open and acknowledged alerts may move freely
 * (acknowledged → open withdraws the acknowledgement); resolved is final. Staying in the same
 * status is allowed (e.g. to change the note).
 */
export function canTransition(from: AlertStatusValue, to: AlertStatusValue): boolean {
  if (from === to) return true;
  return from !== 'resolved';
}

/** The timestamps an alert gets when it moves to `to` (now for the new status, as needed). */
export function transitionTimestamps(
  current: { status: AlertStatusValue; acknowledgedAt: Date | null; resolvedAt: Date | null },
  to: AlertStatusValue,
  now: Date,
): { acknowledgedAt: Date | null; resolvedAt: Date | null } {
  if (current.status === to) {
    return { acknowledgedAt: current.acknowledgedAt, resolvedAt: current.resolvedAt };
  }
  switch (to) {
    case 'open':
      return { acknowledgedAt: null, resolvedAt: null };
    case 'acknowledged':
      return { acknowledgedAt: now, resolvedAt: null };
    case 'resolved':
      return { acknowledgedAt: current.acknowledgedAt, resolvedAt: now };
  }
}

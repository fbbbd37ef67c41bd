import { canTransition, transitionTimestamps } from './alert-transitions';

describe('alert transitions', () => {
  const now = new Date('2025-06-01T10:00:00Z');
  const earlier = new Date('2025-05-01T10:00:00Z');

  it('lets open and acknowledged alerts move anywhere and keeps resolved final', () => {
    expect(canTransition('open', 'acknowledged')).toBe(true);
    expect(canTransition('open', 'resolved')).toBe(true);
    expect(canTransition('acknowledged', 'resolved')).toBe(true);
    expect(canTransition('acknowledged', 'open')).toBe(true);
    expect(canTransition('resolved', 'resolved')).toBe(true);
    expect(canTransition('resolved', 'acknowledged')).toBe(false);
    expect(canTransition('resolved', 'open')).toBe(false);
  });

  it('stamps the new status and keeps earlier stamps that still hold', () => {
    const open = { status: 'open' as const, acknowledgedAt: null, resolvedAt: null };
    expect(transitionTimestamps(open, 'acknowledged', now)).toEqual({
      acknowledgedAt: now,
      resolvedAt: null,
    });
    const acked = { status: 'acknowledged' as const, acknowledgedAt: earlier, resolvedAt: null };
    expect(transitionTimestamps(acked, 'resolved', now)).toEqual({
      acknowledgedAt: earlier,
      resolvedAt: now,
    });
    expect(transitionTimestamps(acked, 'acknowledged', now)).toEqual({
      acknowledgedAt: earlier,
      resolvedAt: null,
    });
    expect(transitionTimestamps(acked, 'open', now)).toEqual({
      acknowledgedAt: null,
      resolvedAt: null,
    });
  });
});

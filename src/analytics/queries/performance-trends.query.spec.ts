import { ValidationFailedError } from '../../common/errors/validation-failed.error';
import { parseTrendRange } from './performance-trends.query';

describe('parseTrendRange', () => {
  it('has no bounds by default', () => {
    expect(parseTrendRange(undefined, undefined)).toEqual({ toInclusive: true });
  });

  it('makes a plain `to` date cover its whole UTC day (next midnight, exclusive)', () => {
    expect(parseTrendRange('2025-01-01', '2025-01-31')).toEqual({
      from: new Date('2025-01-01T00:00:00Z'),
      to: new Date('2025-02-01T00:00:00Z'),
      toInclusive: false,
    });
  });

  it('keeps a `to` date-time inclusive and reads one without a zone as UTC', () => {
    expect(parseTrendRange('2025-01-01T04:00:00', '2025-01-01T08:00:00+02:00')).toEqual({
      from: new Date('2025-01-01T04:00:00Z'),
      to: new Date('2025-01-01T06:00:00Z'),
      toInclusive: true,
    });
  });

  it('rejects from after to', () => {
    expect(() => parseTrendRange('2025-02-01', '2025-01-31')).toThrow(ValidationFailedError);
    expect(() => parseTrendRange('2025-01-31', '2025-01-31')).not.toThrow();
  });
});

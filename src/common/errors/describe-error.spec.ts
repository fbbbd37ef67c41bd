import { describeError } from './describe-error';

describe('describeError', () => {
  it('gives the message of a plain error', () => {
    expect(describeError(new Error('file not found'))).toBe('file not found');
  });

  it('never says undefined for a rejection without a reason', () => {
    expect(describeError(undefined)).toBe('an unknown error (no reason was given)');
  });

  it('names the code and every inner error of an AggregateError without a message', () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });
    const aggregate = Object.assign(new AggregateError([inner, inner], ''), {
      code: 'ECONNREFUSED',
    });
    expect(describeError(aggregate)).toBe('ECONNREFUSED [connect ECONNREFUSED 127.0.0.1:1]');
  });

  it('follows the cause chain', () => {
    const root = new Error('port 5432 is in use');
    const error = new Error('embedded PostgreSQL did not start', { cause: root });
    expect(describeError(error)).toBe(
      'embedded PostgreSQL did not start caused by: port 5432 is in use',
    );
  });

  it('describes thrown values that are not errors', () => {
    expect(describeError('plain text')).toBe('plain text');
    expect(describeError({ reason: 'x' })).toBe('{"reason":"x"}');
  });
});

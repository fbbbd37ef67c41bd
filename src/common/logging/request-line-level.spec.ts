import { requestLineLevel } from './request-line-level';

describe('requestLineLevel', () => {
  it('keeps the level a logger at the threshold writes, else silent', () => {
    expect(
      ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].map((threshold) => [
        requestLineLevel('info', threshold),
        requestLineLevel('error', threshold),
      ]),
    ).toEqual([
      ['info', 'error'],
      ['info', 'error'],
      ['info', 'error'],
      ['silent', 'error'],
      ['silent', 'error'],
      ['silent', 'silent'],
      ['silent', 'silent'],
    ]);
  });
});

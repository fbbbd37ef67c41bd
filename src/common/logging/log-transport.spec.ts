import { logTransport } from './log-transport';

describe('log transport', () => {
  it('is pino-pretty in a development terminal, JSON otherwise', () => {
    expect(logTransport('development', true)?.target).toBe('pino-pretty');
    expect(logTransport('development', false)).toBeUndefined();
    expect(logTransport('production', true)).toBeUndefined();
    expect(logTransport('test', true)).toBeUndefined();
  });
});

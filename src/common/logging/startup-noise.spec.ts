import { isStartupNoise } from './startup-noise';

describe('start-up noise', () => {
  it('drops the framework info lines (modules, routes) and keeps everything else', () => {
    expect(isStartupNoise([{ context: 'RouterExplorer' }, 'Mapped {/api/students, GET}'], 30)).toBe(
      true,
    );
    expect(isStartupNoise([{ context: 'InstanceLoader' }, 'AppModule initialized'], 30)).toBe(true);
    // A framework warning or error is not noise, nor is an info line of the service.
    expect(isStartupNoise([{ context: 'RoutesResolver' }, 'x'], 40)).toBe(false);
    expect(isStartupNoise([{ context: 'Startup' }, 'Ready on …/docs'], 30)).toBe(false);
    expect(isStartupNoise(['no context'], 30)).toBe(false);
  });
});

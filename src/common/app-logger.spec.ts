import { jest } from '@jest/globals';
import { AppLogger } from './app-logger.js';

describe('AppLogger', () => {
  const printed = (level: ConstructorParameters<typeof AppLogger>[0], write: (l: AppLogger) => void): string => {
    const out: string[] = [];
    const spies = [process.stdout, process.stderr].map((s) => jest.spyOn(s, 'write').mockImplementation(((chunk: string) => { out.push(String(chunk)); return true; }) as never));
    try {
      write(new AppLogger(level));
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    return out.join('');
  };

  it.each<[ConstructorParameters<typeof AppLogger>[0], boolean, boolean, boolean]>([
    // level, an operator line, a route-mapping line, a debug line
    ['log', true, false, false],
    ['warn', false, false, false],
    ['debug', true, true, true],
    ['verbose', true, true, true],
  ])('at %s: operator line %p, wiring %p, debug %p', (level, operator, wiring, debug) => {
    const text = printed(level, (l) => {
      l.log('ParkTrust is listening', 'Boot');
      l.log('Mapped {/tenants, GET} route', 'RouterExplorer');
      l.debug('wrote data/mail/1.eml', 'Mail');
    });
    expect(text.includes('ParkTrust is listening')).toBe(operator);
    expect(text.includes('Mapped {/tenants, GET} route')).toBe(wiring);
    expect(text.includes('wrote data/mail/1.eml')).toBe(debug);
  });

  it('always prints errors', () => {
    expect(printed('error', (l) => l.error('boom', undefined, 'Jobs'))).toContain('boom');
  });
});

import { HOME_SECTIONS } from '../../home/home-sections.js';
import { FACT_SOURCES } from '../../scoring/facts/fact-source.js';
import { JOB_HANDLERS } from '../../queue/job-handler.decorator.js';
import { JOBS } from '../../queue/job-definitions.js';
import { HUB_PANELS } from '../../tenants/hub-panels.js';

/** What each kind of contribution refuses at boot, beyond duplicate keys. */
const found = <M>(meta: M, where = 'Probe.method') => ({ meta, where, fn: (async () => null) as never });

describe('contribution kinds', () => {
  it.each([
    ['a partial that exists', 'hub-conventions', []],
    ['a partial that does not exist', 'no-such-partial', ['hub panel on Probe.method: views/partials/no-such-partial.hbs does not exist']],
  ])('hub panel: %s', (_name, partial, problems) => {
    expect(HUB_PANELS.check!([found({ partial, order: 1 })])).toEqual(problems);
  });

  it.each([
    ['a partial that exists', 'home-findings', []],
    ['a partial that does not exist', 'no-such-partial', ['home section on Probe.method: views/partials/no-such-partial.hbs does not exist']],
  ])('home section: %s', (_name, partial, problems) => {
    expect(HOME_SECTIONS.check!([found({ partial, order: 1 })])).toEqual(problems);
  });

  it('score-fact sources: a rule produced by two sources', () => {
    expect(FACT_SOURCES.check!([found({ name: 'a', rules: ['P01', 'N01'] }, 'A.facts'), found({ name: 'b', rules: ['N01'] }, 'B.facts')]))
      .toEqual(['rule N01 is produced by two score-fact sources: A.facts and B.facts']);
    expect(FACT_SOURCES.check!([found({ name: 'a', rules: ['P01'] }), found({ name: 'b', rules: ['P02'] })])).toEqual([]);
  });

  it('job handlers: every job needs one, and none may name an unknown job', () => {
    const all = Object.keys(JOBS).map((name) => found(name, `H.${name}`));
    expect(JOB_HANDLERS.check!(all)).toEqual([]);
    expect(JOB_HANDLERS.check!(all.slice(1))).toEqual([`no @JobHandler for job '${Object.keys(JOBS)[0]}'`]);
    expect(JOB_HANDLERS.check!([...all, found('no.such', 'X.run')])).toEqual(["@JobHandler('no.such') on X.run: no such job in JOBS"]);
  });
});

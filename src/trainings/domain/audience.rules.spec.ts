import { audienceFilterOf, audienceIncludes, audienceProblems, selectorOf, type AudienceChoice } from './audience.rules.js';

describe('audienceFilterOf and selectorOf', () => {
  it.each<[AudienceChoice, string | null]>([
    [{ audience: 'all', industries: ['39'] }, null],
    [{ audience: 'optional' }, null],
    [{ audience: 'industries', industries: ['39', '13', '39'] }, '["13","39"]'],
    [{ audience: 'buildings', buildingIds: [3, 1, 3] }, '[1,3]'],
    [{ audience: 'tenants', tenantIds: [9, 2] }, '[2,9]'],
  ])('%j is stored as %s', (choice, stored) => {
    expect(audienceFilterOf(choice)).toBe(stored);
  });

  it.each([
    ['all', null, { all: true }],
    ['optional', null, null],
    ['industries', '["13","39"]', { industries: ['13', '39'] }],
    ['buildings', '[1,3]', { buildingIds: [1, 3] }],
    ['tenants', '[2,"x",-1,9]', { tenantIds: [2, 9] }],
    ['tenants', 'not json', { tenantIds: [] }],
  ] as const)('%s %s reads back as %j', (audience, filter, selector) => {
    expect(selectorOf(audience, filter)).toEqual(selector);
  });
});

describe('audienceProblems', () => {
  it.each<[AudienceChoice, object]>([
    [{ audience: 'all' }, {}],
    [{ audience: 'optional' }, {}],
    [{ audience: 'industries', industries: [] }, { industries: [{ code: 'audienceEmpty' }] }],
    [{ audience: 'buildings' }, { buildingIds: [{ code: 'audienceEmpty' }] }],
    [{ audience: 'tenants', tenantIds: [] }, { tenantIds: [{ code: 'audienceEmpty' }] }],
    [{ audience: 'tenants', tenantIds: [1] }, {}],
  ])('%j', (choice, expected) => {
    expect(audienceProblems(choice)).toEqual(expected);
  });
});

describe('audienceIncludes', () => {
  const t = { id: 7, industry: '39', buildingId: 2 };
  it.each([
    [{ all: true } as const, true],
    [null, false],
    [{ industries: ['39'] }, true],
    [{ industries: ['13'] }, false],
    [{ buildingIds: [2] }, true],
    [{ buildingIds: [3] }, false],
    [{ tenantIds: [7] }, true],
    [{ tenantIds: [8] }, false],
  ])('%j → %s', (selector, expected) => {
    expect(audienceIncludes(selector, t)).toBe(expected);
  });

  it('a tenant without industry or building is in no such audience', () => {
    expect(audienceIncludes({ industries: ['39'] }, { id: 1, industry: null, buildingId: null })).toBe(false);
    expect(audienceIncludes({ buildingIds: [1] }, { id: 1, industry: null, buildingId: null })).toBe(false);
  });
});

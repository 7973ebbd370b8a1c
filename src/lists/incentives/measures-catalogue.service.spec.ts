import { jest } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { CATALOGUE_TTL_MS, MeasuresCatalogueService } from './measures-catalogue.service.js';

const row = (over: Record<string, unknown>) => ({
  id: 1, code: 'm', kind: 'incentive', category: 'other', titleZh: '措施', titleEn: 'Measure', descriptionZh: '', descriptionEn: '',
  purposes: 'financing, park_services', claimable: true, eligibility: { lists: ['red'] }, validFrom: '2026-01-01', validTo: null, active: true,
  updatedById: null, updatedAt: new Date(), ...over,
});

describe('MeasuresCatalogueService', () => {
  let rows: Record<string, unknown>[];
  let find: jest.Mock<() => Promise<Record<string, unknown>[]>>;
  let sut: MeasuresCatalogueService;
  let now: number;

  beforeEach(() => {
    rows = [row({ id: 1, code: 'a' }), row({ id: 2, code: 'b', purposes: 'subsidy', validTo: '2026-06-30' }), row({ id: 3, code: 'c', purposes: '', validFrom: '2027-01-01' })];
    find = jest.fn(async () => rows);
    sut = new MeasuresCatalogueService({ getRepository: () => ({ find }) } as unknown as DataSource);
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  it('splits purposes and keeps the measures in force on the day', async () => {
    expect((await sut.active('2026-06-30')).map((m) => m.code)).toEqual(['a', 'b']);
    expect((await sut.active('2026-07-01')).map((m) => m.code)).toEqual(['a']);
    expect((await sut.active('2027-01-01')).map((m) => m.code)).toEqual(['a', 'c']);
    expect((await sut.all())[0].purposes).toEqual(['financing', 'park_services']);
    expect((await sut.all())[2].purposes).toEqual([]);
  });

  it.each([
    ['financing', '2026-03-01', ['a']],
    ['park_services', '2026-03-01', ['a']],
    ['subsidy', '2026-03-01', ['b']],
    ['subsidy', '2026-07-01', []],
    ['', '2026-03-01', []],
    ['unknown', '2026-03-01', []],
  ])('forPurpose(%s, %s)', async (purpose, on, codes) => {
    expect((await sut.forPurpose(purpose, on)).map((m) => m.code)).toEqual(codes);
  });

  it('reads once within the TTL (concurrent readers share one load), again after it', async () => {
    await Promise.all([sut.all(), sut.all(), sut.active('2026-03-01')]);
    expect(find).toHaveBeenCalledTimes(1);
    now += CATALOGUE_TTL_MS - 1;
    await sut.all();
    expect(find).toHaveBeenCalledTimes(1);
    now += 1;
    await sut.all();
    expect(find).toHaveBeenCalledTimes(2);
  });

  it('changed() drops the cache; an edit during a load leaves that load uncached', async () => {
    await sut.all();
    rows = [row({ id: 9, code: 'z' })];
    expect((await sut.all()).map((m) => m.code)).toEqual(['a', 'b', 'c']);
    sut.changed();
    expect((await sut.all()).map((m) => m.code)).toEqual(['z']);

    let release!: () => void;
    find.mockImplementationOnce(() => new Promise((resolve) => { release = () => resolve([row({ id: 5, code: 'old' })]); }));
    sut.changed();
    const loading = sut.all();
    sut.changed();
    release();
    expect((await loading).map((m) => m.code)).toEqual(['old']);
    expect((await sut.all()).map((m) => m.code)).toEqual(['z']);
  });

  it('a failed load is not cached', async () => {
    find.mockRejectedValueOnce(new Error('db down'));
    await expect(sut.all()).rejects.toThrow('db down');
    expect((await sut.all()).map((m) => m.code)).toEqual(['a', 'b', 'c']);
  });
});

import { INDUSTRY_ALIASES, INDUSTRY_CODES, INDUSTRY_DIVISIONS, INDUSTRY_SECTIONS, industryCodeOf, industryName } from './industry-classification.js';

describe('GB/T 4754-2017 classification', () => {
  it('has sections A–T and divisions 01–97, each once, in order', () => {
    expect(INDUSTRY_SECTIONS.map((s) => s.code).join('')).toBe('ABCDEFGHIJKLMNOPQRST');
    expect(INDUSTRY_CODES).toEqual(Array.from({ length: 97 }, (_, i) => String(i + 1).padStart(2, '0')));
    expect(INDUSTRY_DIVISIONS.every((d) => d.zh && d.en)).toBe(true);
  });

  it('maps every former free-text name to a division', () => {
    for (const code of Object.values(INDUSTRY_ALIASES)) expect(INDUSTRY_CODES).toContain(code);
  });
});

describe('industryCodeOf', () => {
  it.each([
    ['39', '39'],
    ['3', '03'],
    [' 65 ', '65'],
    ['98', undefined],
    ['00', undefined],
    ['计算机、通信和其他电子设备制造业', '39'],
    ['software and information technology services', '65'],
    ['  Software  and information technology services ', '65'],
    ['电子信息', '39'],
    ['生物医药', '27'],
    ['C', undefined],
    ['制造业', undefined],
    ['页面行业甲', undefined],
    ['', undefined],
    [null, undefined],
  ])('%j → %j', (input, code) => {
    expect(industryCodeOf(input)).toBe(code);
  });
});

describe('industryName', () => {
  it.each([
    ['39', 'zh-CN', '计算机、通信和其他电子设备制造业'],
    ['39', 'en', 'Manufacture of computers, communication and other electronic equipment'],
    [null, 'en', ''],
  ])('%j in %s', (code, locale, name) => expect(industryName(code, locale)).toBe(name));
});

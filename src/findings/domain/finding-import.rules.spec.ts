import {
  annualReportMapping, checkMapping, departmentOf, derivePenalty, duplicateKeyIssues, fieldOfHeader, parseAbnormalCause, parseFindingType,
  parseImportDate, parseSeverity, parseYesNo, readAnnualReportRow, readFindingRow, suggestMapping, valuesOf, type FindingImportValues,
} from './finding-import.rules.js';

const TODAY = '2026-11-29';
const USCC = '914403001922038216';

describe('fieldOfHeader: the platforms\' headers and ours', () => {
  it.each([
    ['行政相对人名称', 'tenantName'], ['统一社会信用代码', 'uscc'], ['行政相对人代码_1(统一社会信用代码)', 'uscc'], ['行政处罚决定书文号', 'decisionNo'],
    ['处罚类别', 'penaltyCategory'], ['处罚内容', 'penaltyContent'], ['违法行为类型', 'violationType'], ['违法事实', 'facts'], ['处罚依据', 'legalBasis'],
    ['处罚决定日期', 'decisionDate'], ['处罚机关', 'department'], ['处罚机关统一社会信用代码', null], ['公示截止期', null],
    ['列入经营异常名录原因', 'abnormalCause'], ['列入日期', 'decisionDate'], ['作出决定机关', 'department'], ['作出决定机关（列入）', 'department'],
    ['uscc', 'uscc'], ['Decision No', 'decisionNo'], [' decisionDate ', 'decisionDate'], ['\uFEFFuscc', 'uscc'], ['ＵＳＣＣ', 'uscc'], ['处罚决定日期*', 'decisionDate'],
    ['整改期限（必填）', 'rectifyBy'], ['Severity', 'severity'], ['罚款金额（万元）', null], ['颜色', undefined], ['', undefined],
  ])('%p → %p', (header, field) => {
    expect(fieldOfHeader(header)).toBe(field);
  });
});

describe('suggestMapping and checkMapping', () => {
  it('maps known headers, leaves the rest out, a field only once', () => {
    expect(suggestMapping(['行政相对人名称', '统一社会信用代码', '备注', '不认识', '企业名称', '处罚决定日期'])).toEqual(['tenantName', 'uscc', null, null, null, 'decisionDate']);
  });
  it.each([
    ['complete', ['uscc', 'decisionNo', 'decisionDate', 'department'], false, []],
    ['name instead of code', ['tenantName', 'decisionNo', 'decisionDate', 'department'], false, []],
    ['a regulator may leave out the department', ['uscc', 'decisionNo', 'decisionDate'], true, []],
    ['staff may not', ['uscc', 'decisionNo', 'decisionDate'], false, ['department:mappingMissing']],
    ['no tenant column', ['decisionNo', 'decisionDate', 'department'], false, ['uscc:mappingMissing']],
    ['a field twice', ['uscc', 'uscc', 'decisionNo', 'decisionDate', 'department'], false, ['uscc:mappingDuplicate']],
    ['nothing mapped', [null, null], false, ['uscc:mappingMissing', 'decisionNo:mappingMissing', 'decisionDate:mappingMissing', 'department:mappingMissing']],
  ] as const)('%s', (_name, mapping, departmentImplied, expected) => {
    const issues = checkMapping(mapping, mapping.map((_, i) => `c${i}`), { departmentImplied });
    expect(issues.map((i) => `${i.column}:${i.code}`)).toEqual(expected);
    expect(issues.every((i) => i.row === 1)).toBe(true);
  });
  it('reads cells through a mapping: trimmed, empty cells left out', () => {
    expect(valuesOf([' a ', '', 'x', 'y'], ['uscc', 'title', null, 'decisionNo'])).toEqual({ uscc: 'a', decisionNo: 'y' });
  });
});

describe('parseImportDate', () => {
  it.each([
    ['2024-03-05', '2024-03-05'], ['2024/3/5', '2024-03-05'], ['2024.03.05', '2024-03-05'], ['2024年3月5日', '2024-03-05'], ['2024 年 03 月 05 日', '2024-03-05'],
    ['2024-03-05 00:00:00', '2024-03-05'], ['2024-03-05T10:20', '2024-03-05'], ['20240305', '2024-03-05'], ['２０２４-０３-０５', '2024-03-05'],
    ['45356', '2024-03-05'], ['45356.5', '2024-03-05'], ['2024-02-29', '2024-02-29'], ['2023-02-29', null], ['2024-13-01', null], ['2024-04-31', null],
    ['3月5日', null], ['yesterday', null], ['123', null], ['', null],
  ])('%p → %p', (text, date) => {
    expect(parseImportDate(text)).toBe(date);
  });
});

describe('derivePenalty: severity and penalty kind from 处罚类别', () => {
  it.each([
    ['警告', 'minor', 'warning'], ['通报批评', 'minor', 'warning'], ['罚款', 'general', 'fine'], ['没收违法所得', 'general', 'confiscation'],
    ['没收非法财物', 'general', 'confiscation'], ['暂扣许可证件', 'general', 'licence_suspension'], ['降低资质等级', 'general', 'licence_suspension'],
    ['吊销营业执照', 'serious', 'revocation'], ['责令关闭', 'serious', 'closure'], ['责令停产停业', 'serious', 'stop_business'],
    ['限制开展生产经营活动', 'serious', 'stop_business'], ['限制从业', 'serious', 'employment_ban'], ['行政拘留', 'serious', 'other'],
    ['警告;罚款', 'general', 'fine'], ['罚款、没收违法所得', 'general', 'fine'], ['警告，罚款，吊销许可证', 'serious', 'revocation'],
    ['吊销许可证并处罚款', 'serious', 'revocation'], ['Fine', 'general', 'fine'], ['warning', 'minor', 'warning'],
  ])('%p → %p / %p', (text, severity, kind) => {
    expect(derivePenalty(text)).toEqual({ severity, kind });
  });
  it.each([['其他'], ['责令改正'], [''], [undefined]])('%p → nothing', (text) => {
    expect(derivePenalty(text)).toBeNull();
  });
});

describe('vocabularies in the files\' words', () => {
  it.each([['行政处罚', 'penalty'], ['abnormal_operations', 'abnormal_operations'], ['经营异常名录', 'abnormal_operations'], ['投诉', 'complaint'], ['Inspection', 'inspection'], ['其他', 'other'], ['奖励', null]])('type %p → %p', (t, v) => {
    expect(parseFindingType(t)).toBe(v);
  });
  it.each([['轻微', 'minor'], ['一般', 'general'], ['严重失信', 'serious'], ['SERIOUS', 'serious'], ['重大', null]])('severity %p → %p', (t, v) => {
    expect(parseSeverity(t)).toBe(v);
  });
  it.each([
    ['未依照《企业信息公示暂行条例》第八条规定的期限公示年度报告的', 'missing_annual_report'],
    ['未在登记机关依照《企业信息公示暂行条例》第十条规定责令的期限内公示有关企业信息的', 'unpublished_info'],
    ['公示企业信息隐瞒真实情况、弄虚作假的', 'false_info'],
    ['通过登记的住所或者经营场所无法联系的', 'unreachable'], ['unreachable', 'unreachable'], ['其他原因', null],
  ])('cause %p → %p', (t, v) => {
    expect(parseAbnormalCause(t)).toBe(v);
  });
  it.each([['是', true], ['属实', true], ['否', false], ['不属实', false], ['yes', true], ['FALSE', false], ['也许', undefined]])('yes/no %p → %p', (t, v) => {
    expect(parseYesNo(t)).toBe(v);
  });
});

describe('readFindingRow', () => {
  const penalty: FindingImportValues = {
    uscc: ` ${USCC.toLowerCase()} `.trim(), tenantName: '深圳某公司', department: 'market', penaltyCategory: '罚款', penaltyContent: '罚款人民币五千元',
    violationType: '未按规定公示信息', facts: '经查……', legalBasis: '《中华人民共和国广告法》第五十五条', decisionNo: '深市监罚〔2026〕12号', decisionDate: '2026年3月31日',
  };

  it('a penalty from the platform: severity and kind derived, title from the violation, content kept in the description', () => {
    const { issues, draft } = readFindingRow(2, penalty, TODAY);
    expect(issues).toEqual([]);
    expect(draft).toMatchObject({
      uscc: USCC, type: 'penalty', severity: 'general', penaltyKind: 'fine', title: '未按规定公示信息', decisionDate: '2026-03-31',
      rectificationRequired: false, rectifyBy: null, department: 'market', description: '经查……\n处罚内容：罚款人民币五千元',
    });
  });

  it('an abnormal listing from the cause column: general, the cause coded', () => {
    const { issues, draft } = readFindingRow(3, { uscc: USCC, abnormalCause: '通过登记的住所或者经营场所无法联系的', decisionDate: '2025/07/01', decisionNo: '异常〔2025〕1号' }, TODAY);
    expect(issues).toEqual([]);
    expect(draft).toMatchObject({ type: 'abnormal_operations', severity: 'general', abnormalCause: 'unreachable', penaltyKind: null, title: '列入经营异常名录' });
  });

  it('a complaint with substantiation, and a rectification deadline', () => {
    const { draft } = readFindingRow(4, { uscc: USCC, type: '投诉', severity: '轻微', substantiated: '属实', decisionNo: 'T-1', decisionDate: '2026-01-01', rectifyBy: '2026-02-01' }, TODAY);
    expect(draft).toMatchObject({ type: 'complaint', severity: 'minor', substantiated: true, rectificationRequired: true, rectifyBy: '2026-02-01' });
  });

  it('a severity column beats the derivation', () => {
    expect(readFindingRow(2, { ...penalty, severity: '严重' }, TODAY).draft).toMatchObject({ severity: 'serious', penaltyKind: 'fine' });
  });

  it.each([
    ['USCC check character', { uscc: '914403001922038217' }, ['uscc:usccCheck']],
    ['USCC length', { uscc: '9144' }, ['uscc:usccLength']],
    ['no tenant at all', { uscc: undefined, tenantName: undefined }, ['uscc:tenantMissing']],
    ['a date nobody can read', { decisionDate: '三月五日' }, ['decisionDate:dateUnreadable']],
    ['a decision in the future', { decisionDate: '2026-11-30' }, ['decisionDate:notFuture']],
    ['a decision today is fine', { decisionDate: TODAY }, []],
    ['a deadline before the decision', { rectifyBy: '2026-03-30' }, ['rectifyBy:rectifyBeforeDecision']],
    ['a deadline on the decision day is fine', { rectifyBy: '2026-03-31' }, []],
    ['no decision number', { decisionNo: undefined }, ['decisionNo:required']],
    ['a decision number too long', { decisionNo: 'x'.repeat(101) }, ['decisionNo:maxLength']],
    ['a category nothing derives from', { penaltyCategory: '责令改正', penaltyContent: '责令改正' }, ['penaltyCategory:severityUnderived']],
    ['an unknown severity', { severity: '重大' }, ['severity:severityUnknown']],
    ['an unknown type', { type: '表彰' }, ['type:typeUnknown']],
    ['an inspection without severity', { type: '检查结果', penaltyCategory: undefined }, ['severity:required']],
    ['a listing without cause', { type: '经营异常名录' }, ['abnormalCause:required']],
    ['a listing with a cause we do not know', { type: '经营异常名录', abnormalCause: '其他' }, ['abnormalCause:abnormalCauseUnknown']],
    ['control characters', { title: 'a\u0007b' }, ['title:controlChars']],
    ['a title too long', { title: '题'.repeat(201) }, ['title:maxLength']],
    ['line breaks are fine in the facts', { facts: '第一行\n第二行' }, []],
  ] as const)('%s', (_name, change, expected) => {
    const { issues, draft } = readFindingRow(7, { ...penalty, ...change } as FindingImportValues, TODAY);
    expect(issues.map((i) => `${i.column}:${i.code}`)).toEqual(expected);
    expect(issues.every((i) => i.row === 7)).toBe(true);
    expect(draft === null).toBe(expected.length > 0);
  });
});

describe('departmentOf and duplicateKeyIssues', () => {
  const departments = [
    { id: 1, code: 'market', nameZh: '市场监督管理局', nameEn: 'Market Regulation', active: true },
    { id: 2, code: 'tax', nameZh: '税务局', nameEn: 'Taxation', active: true },
    { id: 3, code: 'old', nameZh: '旧部门', nameEn: 'Old', active: false },
  ];
  it.each([['market', 1], ['MARKET', 1], ['市场监督管理局', 1], [' 税务局 ', 2], ['taxation', 2], ['old', null], ['公安局', null]])('%p → %p', (text, id) => {
    expect(departmentOf(text, departments)?.id ?? null).toBe(id);
  });
  it('reports every later row of a repeated key, naming the first', () => {
    expect(duplicateKeyIssues([{ row: 2, key: 'a' }, { row: 3, key: 'b' }, { row: 4, key: 'a' }, { row: 5, key: null }, { row: 6, key: 'a' }], 'decisionNo')).toEqual([
      { row: 4, column: 'decisionNo', code: 'duplicateInFile', params: { row: 2 } },
      { row: 6, column: 'decisionNo', code: 'duplicateInFile', params: { row: 2 } },
    ]);
  });
});

describe('annual reports', () => {
  it('maps the four columns by header, leaves others out, needs year and filing date', () => {
    expect(annualReportMapping(['统一社会信用代码', '企业名称', '年报年度', '报送日期', '备注']).mapping).toEqual(['uscc', 'name', 'year', 'filedOn', null]);
    expect(annualReportMapping(['name', 'year']).issues.map((i) => `${i.column}:${i.code}`)).toEqual(['filedOn:mappingMissing']);
  });
  it.each([
    ['on time', { uscc: USCC, year: '2025', filedOn: '2026-05-10' }, [], { uscc: USCC, year: 2025, filedOn: '2026-05-10' }],
    ['year written with 年度', { name: '某公司', year: '2025年度', filedOn: '2026年6月30日' }, [], { name: '某公司', year: 2025, filedOn: '2026-06-30' }],
    ['the current year cannot be reported yet', { uscc: USCC, year: '2026', filedOn: '2026-05-10' }, ['year:yearInvalid'], null],
    ['filed before the year ended', { uscc: USCC, year: '2025', filedOn: '2025-12-31' }, ['filedOn:filedBeforeYearEnd'], null],
    ['filed in the future', { uscc: USCC, year: '2025', filedOn: '2026-12-01' }, ['filedOn:notFuture'], null],
    ['no tenant', { year: '2025', filedOn: '2026-05-10' }, ['uscc:tenantMissing'], null],
    ['a bad code', { uscc: '123', year: '2025', filedOn: '2026-05-10' }, ['uscc:usccLength'], null],
  ] as const)('%s', (_name, values, expected, draft) => {
    const read = readAnnualReportRow(2, values, TODAY);
    expect(read.issues.map((i) => `${i.column}:${i.code}`)).toEqual(expected);
    if (draft) expect(read.draft).toMatchObject(draft);
    else expect(read.draft).toBeNull();
  });
});

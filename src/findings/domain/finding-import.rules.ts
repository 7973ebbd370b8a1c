/**
 * Importing findings from a public credit platform's export (信用中国 administrative penalties,
 * 国家企业信用信息公示系统 penalties and abnormal-operations listings) or our own English template,
 * and annual reports: which header is which field, how a row becomes a finding (severity and
 * penalty kind derived from 处罚类别 when the file has no severity), dates as the platforms write
 * them, and the checks on a row and across rows. Pure rules: no framework imports.
 */
import { refusedChar } from '../../common/input/text-chars.rules.js';
import type { TabularIssue } from '../../common/tabular/domain/tabular-columns.rules.js';
import { serialDate } from '../../common/tabular/domain/xlsx-cells.rules.js';
import { checkUscc } from '../../tenants/domain/uscc.rules.js';
import {
  ABNORMAL_CAUSES, FINDING_SEVERITIES, FINDING_TYPES, PENALTY_KINDS,
  type AbnormalCause, type FindingFields, type FindingSeverity, type FindingType, type PenaltyKind,
} from './finding-kinds.js';

/** The fields a findings file's columns can be mapped to. */
export const FINDING_IMPORT_FIELDS = [
  'uscc', 'tenantName', 'department', 'type', 'severity', 'penaltyKind', 'penaltyCategory', 'penaltyContent', 'violationType',
  'title', 'legalBasis', 'decisionNo', 'decisionDate', 'facts', 'abnormalCause', 'rectifyBy', 'substantiated',
] as const;
export type FindingImportField = (typeof FINDING_IMPORT_FIELDS)[number];
export type FindingImportValues = Partial<Record<FindingImportField, string>>;

/** Data rows per file: a department's export of several years, and the 20,000-row figure with room. */
export const MAX_FINDING_IMPORT_ROWS = 50_000;
export const MAX_ANNUAL_REPORT_IMPORT_ROWS = 200_000;

/** Column lengths of the findings table (finding.entity.ts). */
export const FINDING_TEXT_LIMITS = { title: 200, legalBasis: 500, decisionNo: 100, description: 10_000 } as const;

/**
 * Header names, as the platforms and our template write them, by field. Matched after
 * `headerKey` (no spaces or BOM, half-width, lower case, without a trailing required mark).
 * Headers listed under `null` are known and left out on purpose (the publicity end date is
 * computed from the rules in force, not copied).
 */
export const FINDING_HEADER_ALIASES: readonly [FindingImportField | null, readonly string[]][] = [
  ['uscc', ['统一社会信用代码', '行政相对人统一社会信用代码', '行政相对人代码_1(统一社会信用代码)', '行政相对人代码_1', '社会信用代码', '信用代码', 'uscc', 'unifiedsocialcreditcode', 'creditcode']],
  ['tenantName', ['行政相对人名称', '企业名称', '市场主体名称', '当事人名称', '单位名称', '名称', 'tenant', 'tenantname', 'name', 'companyname', 'partyname']],
  ['department', ['处罚机关', '作出决定机关', '作出决定机关(列入)', '列入决定机关', '列入决定机关名称', '决定机关', '决定机关名称', '执法部门', '部门', '部门代码', 'department', 'departmentcode', 'authority']],
  ['type', ['类型', '记录类型', '信息类型', 'type', 'findingtype']],
  ['severity', ['严重程度', '失信程度', '失信严重程度', 'severity']],
  ['penaltyKind', ['处罚种类代码', 'penaltykind']],
  ['penaltyCategory', ['处罚类别', '处罚种类', '处罚类型', 'penaltycategory', 'penaltytype']],
  ['penaltyContent', ['处罚内容', 'penaltycontent']],
  ['violationType', ['违法行为类型', '违法行为', '案件名称', 'violationtype', 'violation']],
  ['title', ['标题', '事项名称', 'title']],
  ['legalBasis', ['处罚依据', '法律依据', '依据', 'legalbasis']],
  ['decisionNo', ['行政处罚决定书文号', '处罚决定书文号', '决定书文号', '列入决定书文号', '决定文号', '文号', 'decisionno', 'decisionnumber']],
  ['decisionDate', ['处罚决定日期', '作出处罚决定日期', '决定日期', '处罚日期', '列入日期', '作出决定日期', '列入经营异常名录日期', 'decisiondate', 'date']],
  ['facts', ['违法事实', '主要违法事实', '描述', '情况说明', 'facts', 'description']],
  ['abnormalCause', ['列入经营异常名录原因', '列入原因', '列入异常名录原因', '异常原因', 'abnormalcause', 'cause']],
  ['rectifyBy', ['整改期限', '整改截止日期', 'rectifyby', 'rectificationdeadline']],
  ['substantiated', ['是否属实', '投诉是否属实', 'substantiated']],
  [null, ['公示截止期', '公示期限', '处罚机关统一社会信用代码', '数据来源', '数据来源单位', '法定代表人', '罚款金额', '罚款金额(万元)', '没收违法所得、没收非法财物的金额(万元)', '备注', 'publicityendson']],
];

const ALIAS_LOOKUP = new Map<string, FindingImportField | null>(FINDING_HEADER_ALIASES.flatMap(([field, names]) => names.map((n) => [headerKey(n), field] as const)));

/** A header cell as the lookup compares it. */
export function headerKey(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '')
    .replace(/(\*|\(必填\)|\(required\))$/i, '')
    .toLowerCase();
}

/** The field a header names, null for a known column left out, undefined for a header we do not know. */
export function fieldOfHeader(header: string): FindingImportField | null | undefined {
  return ALIAS_LOOKUP.get(headerKey(header));
}

/** The mapping the mapping step starts from: each column's field by its header, the first column of a field winning. */
export function suggestMapping(headers: readonly string[]): (FindingImportField | null)[] {
  const taken = new Set<FindingImportField>();
  return headers.map((h) => {
    const field = fieldOfHeader(h);
    if (!field || taken.has(field)) return null;
    taken.add(field);
    return field;
  });
}

export function isFindingImportField(value: unknown): value is FindingImportField {
  return typeof value === 'string' && (FINDING_IMPORT_FIELDS as readonly string[]).includes(value);
}

/**
 * Problems of a mapping (reported on the header row): a field taken by two columns, a column the
 * import cannot do without. The department may be left out when the importer is a regulator (its
 * own department is meant).
 */
export function checkMapping(mapping: readonly (FindingImportField | null)[], headers: readonly string[], options: { departmentImplied: boolean }): TabularIssue[] {
  const issues: TabularIssue[] = [];
  const seen = new Set<FindingImportField>();
  mapping.forEach((field, i) => {
    if (!field) return;
    if (seen.has(field)) issues.push({ row: 1, column: field, code: 'mappingDuplicate', params: { column: headers[i] ?? String(i + 1) } });
    seen.add(field);
  });
  const need = (field: FindingImportField) => {
    if (!seen.has(field)) issues.push({ row: 1, column: field, code: 'mappingMissing', params: { field } });
  };
  if (!seen.has('uscc') && !seen.has('tenantName')) issues.push({ row: 1, column: 'uscc', code: 'mappingMissing', params: { field: 'uscc' } });
  need('decisionNo');
  need('decisionDate');
  if (!options.departmentImplied) need('department');
  return issues;
}

/** A row's cells by field through a mapping: trimmed, empty cells left out, a field's first non-empty column. */
export function valuesOf(cells: readonly string[], mapping: readonly (FindingImportField | null)[]): FindingImportValues {
  const values: FindingImportValues = {};
  mapping.forEach((field, i) => {
    if (!field) return;
    const text = (cells[i] ?? '').trim();
    if (text !== '' && values[field] === undefined) values[field] = text;
  });
  return values;
}

// ── Dates ─────────────────────────────────────────────────────────────────────────────────────

function validDate(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Excel serials of plausible decision dates (1954–2173): a bare number outside is not a date. */
const SERIAL_MIN = 20_000;
const SERIAL_MAX = 100_000;

/**
 * A calendar date as the platforms write it: 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, with
 * a time after it (ignored), 20240305, or an Excel serial (days since 1899-12-30, a date cell saved
 * without its date format). Null when it is none of these or no such day exists.
 */
export function parseImportDate(text: string): string | null {
  const s = text.trim().replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  let m = /^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(s);
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$/.exec(s);
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (/^\d+(?:\.\d+)?$/.test(s)) {
    const serial = Number(s);
    if (serial >= SERIAL_MIN && serial < SERIAL_MAX) return serialDate(Math.floor(serial), false) || null;
  }
  return null;
}

// ── Vocabulary in the files' words ────────────────────────────────────────────────────────────

const TYPE_WORDS: Record<string, FindingType> = {
  行政处罚: 'penalty', 处罚: 'penalty', 经营异常名录: 'abnormal_operations', 经营异常: 'abnormal_operations', 列入经营异常名录: 'abnormal_operations',
  投诉: 'complaint', 检查结果: 'inspection', 检查: 'inspection', 抽查: 'inspection', 其他: 'other',
};

/** A type by its code or its Chinese name. */
export function parseFindingType(text: string): FindingType | null {
  const s = text.trim();
  const code = s.toLowerCase().replace(/[\s-]+/g, '_');
  if ((FINDING_TYPES as readonly string[]).includes(code)) return code as FindingType;
  if (code === 'abnormal' || code === 'abnormal_operations_listing') return 'abnormal_operations';
  return TYPE_WORDS[s.replace(/\s+/g, '')] ?? null;
}

const SEVERITY_WORDS: Record<string, FindingSeverity> = { 轻微: 'minor', 轻微失信: 'minor', 一般: 'general', 一般失信: 'general', 较重: 'general', 严重: 'serious', 严重失信: 'serious' };

export function parseSeverity(text: string): FindingSeverity | null {
  const s = text.trim();
  if ((FINDING_SEVERITIES as readonly string[]).includes(s.toLowerCase())) return s.toLowerCase() as FindingSeverity;
  return SEVERITY_WORDS[s.replace(/\s+/g, '')] ?? null;
}

export function parsePenaltyKind(text: string): PenaltyKind | null {
  const s = text.trim().toLowerCase();
  return (PENALTY_KINDS as readonly string[]).includes(s) ? (s as PenaltyKind) : null;
}

/**
 * What a penalty category (处罚类别) or its content says, in the order checked: the first phrase
 * found in a part decides that part; of several parts (警告;罚款) the most severe wins. rules.md:
 * warnings and public criticism are minor; fines, confiscation and licence suspension general;
 * revocation, closure, orders to stop business and employment bans serious.
 */
export const PENALTY_DERIVATIONS: readonly { phrase: string; severity: FindingSeverity; kind: PenaltyKind }[] = [
  { phrase: '吊销', severity: 'serious', kind: 'revocation' },
  { phrase: '撤销许可', severity: 'serious', kind: 'revocation' },
  { phrase: '责令关闭', severity: 'serious', kind: 'closure' },
  { phrase: '责令停产停业', severity: 'serious', kind: 'stop_business' },
  { phrase: '限制开展生产经营活动', severity: 'serious', kind: 'stop_business' },
  { phrase: '停产停业', severity: 'serious', kind: 'stop_business' },
  { phrase: '限制从业', severity: 'serious', kind: 'employment_ban' },
  { phrase: '禁止从业', severity: 'serious', kind: 'employment_ban' },
  { phrase: '行政拘留', severity: 'serious', kind: 'other' },
  { phrase: '暂扣', severity: 'general', kind: 'licence_suspension' },
  { phrase: '降低资质等级', severity: 'general', kind: 'licence_suspension' },
  { phrase: '没收', severity: 'general', kind: 'confiscation' },
  { phrase: '罚款', severity: 'general', kind: 'fine' },
  { phrase: '通报批评', severity: 'minor', kind: 'warning' },
  { phrase: '警告', severity: 'minor', kind: 'warning' },
  { phrase: 'revocation', severity: 'serious', kind: 'revocation' },
  { phrase: 'closure', severity: 'serious', kind: 'closure' },
  { phrase: 'stop business', severity: 'serious', kind: 'stop_business' },
  { phrase: 'employment ban', severity: 'serious', kind: 'employment_ban' },
  { phrase: 'licence suspension', severity: 'general', kind: 'licence_suspension' },
  { phrase: 'confiscation', severity: 'general', kind: 'confiscation' },
  { phrase: 'fine', severity: 'general', kind: 'fine' },
  { phrase: 'warning', severity: 'minor', kind: 'warning' },
];

const SEVERITY_RANK: Record<FindingSeverity, number> = { minor: 0, general: 1, serious: 2 };

/** Severity and penalty kind from a category text such as 罚款、没收违法所得 or 警告;罚款; null when no phrase is known. */
export function derivePenalty(text: string | undefined): { severity: FindingSeverity; kind: PenaltyKind } | null {
  if (!text) return null;
  let best: { severity: FindingSeverity; kind: PenaltyKind } | null = null;
  for (const part of text.toLowerCase().split(/[;；,，、/|]+|\s{2,}/)) {
    const hit = PENALTY_DERIVATIONS.find((d) => part.includes(d.phrase));
    if (hit && (!best || SEVERITY_RANK[hit.severity] > SEVERITY_RANK[best.severity])) best = { severity: hit.severity, kind: hit.kind };
  }
  return best;
}

/** The causes of an abnormal-operations listing in the wording of 《企业经营异常名录管理暂行办法》 (and our codes). */
export const ABNORMAL_CAUSE_PHRASES: readonly { phrase: string; cause: AbnormalCause }[] = [
  { phrase: '年度报告', cause: 'missing_annual_report' },
  { phrase: '年报', cause: 'missing_annual_report' },
  { phrase: '隐瞒真实情况', cause: 'false_info' },
  { phrase: '弄虚作假', cause: 'false_info' },
  { phrase: '虚假', cause: 'false_info' },
  { phrase: '无法联系', cause: 'unreachable' },
  { phrase: '公示有关企业信息', cause: 'unpublished_info' },
  { phrase: '即时信息', cause: 'unpublished_info' },
  { phrase: '未按规定公示', cause: 'unpublished_info' },
];

export function parseAbnormalCause(text: string): AbnormalCause | null {
  const s = text.trim();
  if ((ABNORMAL_CAUSES as readonly string[]).includes(s.toLowerCase())) return s.toLowerCase() as AbnormalCause;
  return ABNORMAL_CAUSE_PHRASES.find((p) => s.includes(p.phrase))?.cause ?? null;
}

const YES = new Set(['是', '属实', '成立', 'true', 'yes', 'y', '1']);
const NO = new Set(['否', '不属实', '不成立', 'false', 'no', 'n', '0']);

/** A yes/no cell; undefined when it is neither. */
export function parseYesNo(text: string): boolean | undefined {
  const s = text.trim().toLowerCase();
  if (YES.has(s)) return true;
  if (NO.has(s)) return false;
  return undefined;
}

// ── One row ───────────────────────────────────────────────────────────────────────────────────

/** A finding as one row describes it, before its tenant and department are looked up. */
export interface FindingDraft extends FindingFields {
  /** Normalised USCC when the row has a valid one. */
  uscc: string | null;
  tenantName: string | null;
  /** The department cell as written (code or name); null when the column is absent or empty. */
  department: string | null;
}

const LINE_FIELDS: readonly FindingImportField[] = FINDING_IMPORT_FIELDS.filter((f) => f !== 'facts' && f !== 'penaltyContent');

const TYPE_TITLES: Record<FindingType, string> = { penalty: '行政处罚', abnormal_operations: '列入经营异常名录', complaint: '投诉', inspection: '检查结果', other: '其他' };

/**
 * Reads one row: every problem by column, or the finding it describes. `today` is the park's date
 * (a decision cannot be later). A row's type comes from its type column, else an abnormal cause makes
 * it a listing, else it is a penalty. A penalty's severity comes from the severity column, else from
 * 处罚类别 (then 处罚内容) by PENALTY_DERIVATIONS; a listing without one is general; other types need one.
 */
export function readFindingRow(row: number, v: FindingImportValues, today: string): { issues: TabularIssue[]; draft: FindingDraft | null } {
  const issues: TabularIssue[] = [];
  const issue = (column: FindingImportField | '', code: string, params?: Record<string, string | number>) => issues.push({ row, column, code, ...(params ? { params } : {}) });

  for (const field of FINDING_IMPORT_FIELDS) {
    const text = v[field];
    if (text === undefined) continue;
    const bad = refusedChar(text, LINE_FIELDS.includes(field) ? 'line' : 'multiline');
    if (bad) issue(field, 'controlChars', { position: bad.position, char: bad.char });
  }
  if (issues.length) return { issues, draft: null };

  let uscc: string | null = null;
  if (v.uscc !== undefined) {
    const check = checkUscc(v.uscc);
    if (check.ok) uscc = check.uscc;
    else if (check.reason === 'check') issue('uscc', 'usccCheck', { expected: check.expected, actual: check.actual });
    else if (check.reason === 'alphabet') issue('uscc', 'usccAlphabet', { position: check.position ?? 0 });
    else issue('uscc', 'usccLength', { length: check.uscc.length });
  } else if (v.tenantName === undefined) issue('uscc', 'tenantMissing');

  let type: FindingType | null = null;
  if (v.type !== undefined) {
    type = parseFindingType(v.type);
    if (!type) issue('type', 'typeUnknown', { value: v.type });
  } else type = v.abnormalCause !== undefined ? 'abnormal_operations' : 'penalty';

  let severity: FindingSeverity | null = null;
  let penaltyKind: PenaltyKind | null = null;
  if (v.penaltyKind !== undefined) {
    penaltyKind = parsePenaltyKind(v.penaltyKind);
    if (!penaltyKind) issue('penaltyKind', 'penaltyKindUnknown', { value: v.penaltyKind });
  }
  if (v.severity !== undefined) {
    severity = parseSeverity(v.severity);
    if (!severity) issue('severity', 'severityUnknown', { value: v.severity });
  }
  if (type === 'penalty') {
    const derived = derivePenalty(v.penaltyCategory) ?? derivePenalty(v.penaltyContent);
    if (!severity && v.severity === undefined) {
      if (derived) severity = derived.severity;
      else issue(v.penaltyCategory !== undefined ? 'penaltyCategory' : 'severity', 'severityUnderived', { value: v.penaltyCategory ?? '' });
    }
    if (!penaltyKind && v.penaltyKind === undefined) penaltyKind = derived?.kind ?? null;
  } else if (type === 'abnormal_operations') {
    if (!severity && v.severity === undefined) severity = 'general';
  } else if (type && !severity && v.severity === undefined) issue('severity', 'required');

  let abnormalCause: AbnormalCause | null = null;
  if (type === 'abnormal_operations') {
    if (v.abnormalCause === undefined) issue('abnormalCause', 'required');
    else {
      abnormalCause = parseAbnormalCause(v.abnormalCause);
      if (!abnormalCause) issue('abnormalCause', 'abnormalCauseUnknown', { value: v.abnormalCause });
    }
  }

  let substantiated: boolean | null = null;
  if (v.substantiated !== undefined && type === 'complaint') {
    const yn = parseYesNo(v.substantiated);
    if (yn === undefined) issue('substantiated', 'boolean');
    else substantiated = yn;
  }

  if (v.decisionNo === undefined) issue('decisionNo', 'required');
  else if (v.decisionNo.length > FINDING_TEXT_LIMITS.decisionNo) issue('decisionNo', 'maxLength', { limit: FINDING_TEXT_LIMITS.decisionNo });

  let decisionDate: string | null = null;
  if (v.decisionDate === undefined) issue('decisionDate', 'required');
  else {
    decisionDate = parseImportDate(v.decisionDate);
    if (!decisionDate) issue('decisionDate', 'dateUnreadable', { value: v.decisionDate });
    else if (decisionDate > today) issue('decisionDate', 'notFuture', { limit: today });
  }

  let rectifyBy: string | null = null;
  if (v.rectifyBy !== undefined) {
    rectifyBy = parseImportDate(v.rectifyBy);
    if (!rectifyBy) issue('rectifyBy', 'dateUnreadable', { value: v.rectifyBy });
    else if (decisionDate && rectifyBy < decisionDate) issue('rectifyBy', 'rectifyBeforeDecision', { limit: decisionDate });
  }

  if (v.title !== undefined && v.title.length > FINDING_TEXT_LIMITS.title) issue('title', 'maxLength', { limit: FINDING_TEXT_LIMITS.title });
  if (v.legalBasis !== undefined && v.legalBasis.length > FINDING_TEXT_LIMITS.legalBasis) issue('legalBasis', 'maxLength', { limit: FINDING_TEXT_LIMITS.legalBasis });
  const description = [v.facts, v.penaltyContent !== undefined ? `处罚内容：${v.penaltyContent}` : undefined, abnormalCause && v.abnormalCause ? `列入原因：${v.abnormalCause}` : undefined]
    .filter((x): x is string => x !== undefined).join('\n');
  if (description.length > FINDING_TEXT_LIMITS.description) issue(v.facts !== undefined ? 'facts' : 'penaltyContent', 'maxLength', { limit: FINDING_TEXT_LIMITS.description });

  if (issues.length || !type || !severity || !decisionDate || v.decisionNo === undefined) return { issues, draft: null };
  const title = (v.title ?? v.violationType ?? v.penaltyCategory ?? TYPE_TITLES[type]).slice(0, FINDING_TEXT_LIMITS.title);
  return {
    issues,
    draft: {
      uscc, tenantName: v.tenantName ?? null, department: v.department ?? null, type, severity, penaltyKind: type === 'penalty' ? penaltyKind : null,
      title, legalBasis: v.legalBasis ?? '', decisionNo: v.decisionNo, decisionDate, description,
      rectificationRequired: rectifyBy !== null, rectifyBy, substantiated, abnormalCause,
    },
  };
}

// ── Departments and duplicates ────────────────────────────────────────────────────────────────

export interface DepartmentRef {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  active: boolean;
}

/** A department by its code (any case) or either name (spaces and case aside); active departments only. */
export function departmentOf(text: string, departments: readonly DepartmentRef[]): DepartmentRef | null {
  const key = headerKey(text);
  return departments.find((d) => d.active && (d.code.toLowerCase() === key || headerKey(d.nameZh) === key || headerKey(d.nameEn) === key)) ?? null;
}

/** A key (department and decision number, a tenant and a year) repeated in the file: an error on every later row, naming the first. */
export function duplicateKeyIssues(rows: readonly { row: number; key: string | null }[], column: string): TabularIssue[] {
  const first = new Map<string, number>();
  const issues: TabularIssue[] = [];
  for (const r of rows) {
    if (r.key === null) continue;
    const at = first.get(r.key);
    if (at === undefined) first.set(r.key, r.row);
    else issues.push({ row: r.row, column, code: 'duplicateInFile', params: { row: at } });
  }
  return issues;
}

// ── Annual reports ────────────────────────────────────────────────────────────────────────────

export const ANNUAL_REPORT_IMPORT_FIELDS = ['uscc', 'name', 'year', 'filedOn'] as const;
export type AnnualReportImportField = (typeof ANNUAL_REPORT_IMPORT_FIELDS)[number];

export const ANNUAL_REPORT_HEADER_ALIASES: readonly [AnnualReportImportField | null, readonly string[]][] = [
  ['uscc', ['统一社会信用代码', '注册号/统一社会信用代码', '统一社会信用代码/注册号', '信用代码', 'uscc']],
  ['name', ['企业名称', '市场主体名称', '名称', 'name', 'tenantname']],
  ['year', ['年度', '年报年度', '报告年度', '年报所属年度', 'year']],
  ['filedOn', ['报送日期', '年报报送日期', '填报日期', '提交日期', '公示日期', '报送时间', 'filedon', 'fileddate']],
  [null, ['序号', '状态', '备注', '法定代表人']],
];
const ANNUAL_LOOKUP = new Map<string, AnnualReportImportField | null>(ANNUAL_REPORT_HEADER_ALIASES.flatMap(([field, names]) => names.map((n) => [headerKey(n), field] as const)));

/** Annual report columns by header (no mapping step: the four columns are few and plain); unknown headers are left out. */
export function annualReportMapping(headers: readonly string[]): { mapping: (AnnualReportImportField | null)[]; issues: TabularIssue[] } {
  const taken = new Set<AnnualReportImportField>();
  const issues: TabularIssue[] = [];
  const mapping = headers.map((h) => {
    const field = ANNUAL_LOOKUP.get(headerKey(h));
    if (!field) return null;
    if (taken.has(field)) {
      issues.push({ row: 1, column: field, code: 'mappingDuplicate', params: { column: h } });
      return null;
    }
    taken.add(field);
    return field;
  });
  if (!taken.has('uscc') && !taken.has('name')) issues.push({ row: 1, column: 'uscc', code: 'mappingMissing', params: { field: 'uscc' } });
  for (const f of ['year', 'filedOn'] as const) if (!taken.has(f)) issues.push({ row: 1, column: f, code: 'mappingMissing', params: { field: f } });
  return { mapping, issues };
}

export interface AnnualReportDraft {
  uscc: string | null;
  name: string | null;
  year: number;
  filedOn: string;
}

/** One annual report row: a tenant by valid USCC or name, a business year no later than last year, filed after it ended and not in the future. */
export function readAnnualReportRow(row: number, v: Partial<Record<AnnualReportImportField, string>>, today: string): { issues: TabularIssue[]; draft: AnnualReportDraft | null } {
  const issues: TabularIssue[] = [];
  for (const field of ANNUAL_REPORT_IMPORT_FIELDS) {
    const bad = v[field] === undefined ? null : refusedChar(v[field]!, 'line');
    if (bad) issues.push({ row, column: field, code: 'controlChars', params: { position: bad.position, char: bad.char } });
  }
  if (issues.length) return { issues, draft: null };
  let uscc: string | null = null;
  if (v.uscc !== undefined) {
    const check = checkUscc(v.uscc);
    if (check.ok) uscc = check.uscc;
    else if (check.reason === 'check') issues.push({ row, column: 'uscc', code: 'usccCheck', params: { expected: check.expected, actual: check.actual } });
    else if (check.reason === 'alphabet') issues.push({ row, column: 'uscc', code: 'usccAlphabet', params: { position: check.position ?? 0 } });
    else issues.push({ row, column: 'uscc', code: 'usccLength', params: { length: check.uscc.length } });
  } else if (v.name === undefined) issues.push({ row, column: 'uscc', code: 'tenantMissing' });
  const thisYear = Number(today.slice(0, 4));
  let year: number | null = null;
  if (v.year === undefined) issues.push({ row, column: 'year', code: 'required' });
  else {
    const m = /^(\d{4})\s*(?:年度?)?$/.exec(v.year.trim());
    year = m ? Number(m[1]) : null;
    if (year === null || year < 1990 || year >= thisYear) {
      issues.push({ row, column: 'year', code: 'yearInvalid', params: { max: thisYear - 1 } });
      year = null;
    }
  }
  let filedOn: string | null = null;
  if (v.filedOn === undefined) issues.push({ row, column: 'filedOn', code: 'required' });
  else {
    filedOn = parseImportDate(v.filedOn);
    if (!filedOn) issues.push({ row, column: 'filedOn', code: 'dateUnreadable', params: { value: v.filedOn } });
    else if (filedOn > today) issues.push({ row, column: 'filedOn', code: 'notFuture', params: { limit: today } });
    else if (year !== null && filedOn <= `${year}-12-31`) issues.push({ row, column: 'filedOn', code: 'filedBeforeYearEnd', params: { year } });
  }
  if (issues.length || year === null || filedOn === null) return { issues, draft: null };
  return { issues, draft: { uscc, name: v.name ?? null, year, filedOn } };
}

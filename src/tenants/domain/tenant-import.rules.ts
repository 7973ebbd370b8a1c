/**
 * Tenant import: the tenant table's columns and the problems only tenant rows have. Reading the file,
 * the header and each row's cells is the tabular kit's (`common/tabular`); field validation proper
 * reuses CreateTenantDto in the service. Pure rules: no framework imports.
 */
import { headerNames, type ImportColumn, type RowValues, type TabularIssue } from '../../common/tabular/domain/tabular-columns.rules.js';
import { checkUscc, normalizeUscc } from './uscc.rules.js';

export const IMPORT_FIELDS = ['uscc', 'name', 'legalRepresentative', 'industry', 'building', 'unit', 'movedInAt', 'contactPhone'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const REQUIRED_IMPORT_FIELDS: readonly ImportField[] = ['uscc', 'name', 'legalRepresentative', 'industry', 'building', 'movedInAt'];

/** The accepted header names: the English field name and the Chinese label (case-insensitive, trimmed). */
export const IMPORT_COLUMN_NAMES: Record<ImportField, { en: string; zh: string }> = {
  uscc: { en: 'uscc', zh: '统一社会信用代码' },
  name: { en: 'name', zh: '企业名称' },
  legalRepresentative: { en: 'legalRepresentative', zh: '法定代表人' },
  industry: { en: 'industry', zh: '行业' },
  building: { en: 'building', zh: '楼栋' },
  unit: { en: 'unit', zh: '单元' },
  movedInAt: { en: 'movedInAt', zh: '入驻日期' },
  contactPhone: { en: 'contactPhone', zh: '联系电话' },
};

export const MAX_IMPORT_ROWS = 50_000;

/** The tenant table as the tabular kit reads it: header names, required columns, the USCC normalised (spaces, case, full-width). */
export const TENANT_IMPORT_COLUMNS: readonly ImportColumn<ImportField>[] = IMPORT_FIELDS.map((field) => ({
  field,
  ...IMPORT_COLUMN_NAMES[field],
  required: REQUIRED_IMPORT_FIELDS.includes(field),
  ...(field === 'uscc' ? { normalize: normalizeUscc } : {}),
}));

/** Header names in the language of the file a user downloads (template, export). */
export function columnNamesFor(locale: string): string[] {
  return headerNames(TENANT_IMPORT_COLUMNS, locale);
}

export type ImportValues = RowValues<ImportField>;

/** Every row whose USCC appears more than once in the file, each naming the other rows. */
export function duplicateUsccIssues(rows: readonly { row: number; uscc: string | undefined }[]): TabularIssue[] {
  const byCode = new Map<string, number[]>();
  for (const { row, uscc } of rows) {
    if (!uscc) continue;
    const list = byCode.get(uscc);
    if (list) list.push(row);
    else byCode.set(uscc, [row]);
  }
  const issues: TabularIssue[] = [];
  for (const [uscc, list] of byCode) {
    if (list.length < 2) continue;
    for (const row of list) {
      issues.push({ row, column: 'uscc', code: 'duplicateInFile', params: { uscc, rows: list.filter((r) => r !== row).join(', ') } });
    }
  }
  return issues;
}

/** Codes worth asking the database about: those that pass the GB 32100 check. */
export function checkableUsccs(values: readonly ImportValues[]): string[] {
  const codes = new Set<string>();
  for (const v of values) if (v.uscc && checkUscc(v.uscc).ok) codes.add(v.uscc);
  return [...codes];
}

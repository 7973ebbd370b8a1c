/**
 * The downloadable import template: the header in the user's language and one example row. The
 * example row is marked in its USCC cell; the importer skips any row with a cell that is exactly a
 * marker (in either language), so importing the untouched template creates no tenant. A marker can
 * never be a real value of a tenant (it is not a valid code). Pure rules: no framework imports.
 */
import { IMPORT_FIELDS, columnNamesFor, type ImportField } from './tenant-import.rules.js';

/** What the example row's USCC cell says, per language. */
export const EXAMPLE_MARKERS: Record<'zh-CN' | 'en', string> = {
  'zh-CN': '示例行（导入时跳过）',
  en: 'Example row (skipped on import)',
};

const EXAMPLE_VALUES: Record<'zh-CN' | 'en', Omit<Record<ImportField, string>, 'uscc'>> = {
  'zh-CN': {
    name: '示例科技有限公司', legalRepresentative: '张三', industry: '电子信息', building: 'A1', unit: '101',
    movedInAt: '2024-01-01', contactPhone: '13800000000',
  },
  en: {
    name: 'Example Technology Co., Ltd.', legalRepresentative: 'Zhang San', industry: '电子信息', building: 'A1', unit: '101',
    movedInAt: '2024-01-01', contactPhone: '13800000000',
  },
};

const MARKERS = new Set(Object.values(EXAMPLE_MARKERS).map((m) => m.toLowerCase()));

const lang = (locale: string): 'zh-CN' | 'en' => (locale === 'en' ? 'en' : 'zh-CN');

/** The example row's cells, in the template's column order. */
export function exampleRow(locale: string): string[] {
  const l = lang(locale);
  return IMPORT_FIELDS.map((field) => (field === 'uscc' ? EXAMPLE_MARKERS[l] : EXAMPLE_VALUES[l][field]));
}

/** A row of the template's example: one of its cells is exactly a marker (trimmed, any case, either language). */
export function isExampleRow(cells: readonly string[]): boolean {
  return cells.some((c) => MARKERS.has(String(c ?? '').trim().toLowerCase()));
}

/** The template as CSV text (with a BOM for Excel): header and example row, CRLF line ends. */
export function templateCsv(locale: string): string {
  const line = (cells: string[]) => cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
  return `\uFEFF${line(columnNamesFor(locale))}\r\n${line(exampleRow(locale))}\r\n`;
}

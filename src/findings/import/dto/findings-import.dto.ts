import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ValidationFailedError } from '../../../common/errors/domain-error.js';
import { FINDING_IMPORT_FIELDS, isFindingImportField, type FindingImportField } from '../../domain/finding-import.rules.js';
import type { FindingImportMappingInput } from '../findings-import.service.js';

/** `dryRun` as the import routes take it: absent, true or 1 → a dry run; false or 0 → the commit. */
export function parseDryRun(value: unknown): boolean {
  if (value === undefined || value === '' || value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ValidationFailedError({ dryRun: [{ code: 'boolean' }] });
}

/** Mapping text of at most this many characters (a header row of 200 columns with long names fits). */
const MAX_MAPPING_TEXT = 20_000;

/**
 * The optional `mapping` field: JSON, either a list of fields by column (`null` or "" for a column
 * left out) or an object of fields by header as written (headers not named keep the suggested field).
 * Anything else is a 400 on `mapping`.
 */
export function parseMappingField(text: unknown): FindingImportMappingInput | null {
  if (text === undefined || text === null || text === '') return null;
  const bad = (code: string, params?: Record<string, string | number>) => new ValidationFailedError({ mapping: [{ code, ...(params ? { params } : {}) }] });
  if (typeof text !== 'string' || text.length > MAX_MAPPING_TEXT) throw bad('format');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw bad('format');
  }
  const field = (f: unknown): FindingImportField | null => {
    if (f === null || f === '') return null;
    if (!isFindingImportField(f)) throw bad('oneOf');
    return f;
  };
  if (Array.isArray(value)) {
    if (value.length > 200) throw bad('format');
    return value.map(field);
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length > 200) throw bad('format');
    return Object.fromEntries(entries.map(([h, f]) => [h, field(f)]));
  }
  throw bad('format');
}

class ImportErrorResponse {
  @ApiProperty({ description: 'spreadsheet row: header = 1, first data row = 2' }) row: number;
  @ApiProperty({ description: 'field name (see mapping), or empty for the whole row' }) column: string;
  @ApiProperty({ example: 'tenantUnknown' }) code: string;
  @ApiProperty({ description: "in the caller's language" }) message: string;
}

class SkippedFindingResponse {
  @ApiProperty() row: number;
  @ApiProperty() decisionNo: string;
  @ApiProperty({ description: 'the finding already recorded under this department and decision number' }) findingId: number;
}

export class FindingsImportReportResponse {
  @ApiProperty() dryRun: boolean;
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: ['csv', 'xlsx'] }) format: 'csv' | 'xlsx';
  @ApiProperty({ type: [String], description: "the file's header cells" }) headers: string[];
  @ApiProperty({ description: 'the field each column was read as (null: left out)', type: 'array', items: { type: 'string', enum: [...FINDING_IMPORT_FIELDS], nullable: true } }) mapping: (string | null)[];
  @ApiProperty({ description: 'data rows in the file' }) rows: number;
  @ApiProperty({ description: 'rows without problems, new or already recorded' }) valid: number;
  @ApiProperty({ description: 'rows that are (or would be) written' }) toCreate: number;
  @ApiProperty({ description: 'findings written (0 in a dry run or when there are problems)' }) created: number;
  @ApiProperty({ description: 'rows already recorded under the same department and decision number: skipped, not errors' }) alreadyRecorded: number;
  @ApiProperty({ type: [SkippedFindingResponse], description: 'the first 200 of them' }) skipped: SkippedFindingResponse[];
  @ApiProperty({ type: [ImportErrorResponse] }) errors: ImportErrorResponse[];
  @ApiProperty({ type: [Object], description: 'rows shown before a commit (the pages only; empty here)' }) preview: object[];
}

class SkippedReportResponse {
  @ApiProperty() row: number;
  @ApiProperty() year: number;
  @ApiProperty() annualReportId: number;
}

export class AnnualReportsImportReportResponse {
  @ApiProperty() dryRun: boolean;
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: ['csv', 'xlsx'] }) format: 'csv' | 'xlsx';
  @ApiProperty() rows: number;
  @ApiProperty() valid: number;
  @ApiProperty() toCreate: number;
  @ApiProperty() created: number;
  @ApiProperty({ description: 'tenant-years already on file: skipped, never duplicated' }) alreadyRecorded: number;
  @ApiProperty({ type: [SkippedReportResponse] }) skipped: SkippedReportResponse[];
  @ApiProperty({ type: [ImportErrorResponse] }) errors: ImportErrorResponse[];
  @ApiPropertyOptional({ type: [Object] }) preview: object[];
}

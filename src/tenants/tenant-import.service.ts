import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DataSource, In, type EntityManager } from 'typeorm';
import { TenantHooks } from './tenant-hooks.js';
import { TenantsService } from './tenants.service.js';
import { AuditService } from '../audit/audit.service.js';
import { UnsupportedMediaTypeError, ValidationFailedError } from '../common/errors/domain-error.js';
import type { Actor } from '../common/principal.js';
import { toFieldProblems, VALIDATOR_OPTIONS } from '../common/validation.js';
import { AppConfig } from '../config/app-config.js';
import { I18nService } from '../i18n/i18n.service.js';
import {
  cellText, checkableUsccs, chunk, decodeCsvText, detectDelimiter, duplicateUsccIssues, isBlankRow, mapHeader, MAX_IMPORT_ROWS,
  readRow, sniffFormat, sortIssues, zipUncompressedSize, type ImportIssue, type ImportValues, type SheetRow,
} from './domain/tenant-import.rules.js';
import { CreateTenantDto } from './dto/tenant.dto.js';
import { TenantEntity } from './entities/tenant.entity.js';

export type ImportFormat = 'csv' | 'xlsx';

export interface ImportFile {
  name: string;
  buffer: Buffer;
}

export interface ImportReportError {
  /** Spreadsheet row (header = 1, first data row = 2). */
  row: number;
  /** Field name (`uscc`, `movedInAt` …), the header as written for header problems, or empty for the whole row. */
  column: string;
  code: string;
  message: string;
}

export interface ImportReport {
  dryRun: boolean;
  fileName: string;
  format: ImportFormat;
  rows: number;
  valid: number;
  created: number;
  errors: ImportReportError[];
}

/** An uploaded file kept between the page's dry run and its commit (`req.session.importFile`). */
export interface StoredImport {
  id: string;
  name: string;
  kind: ImportFormat;
}

/** Rows per multi-row INSERT: about 5,000 bound values, within every driver's limit. */
const INSERT_CHUNK = 500;
/** Codes per `uscc IN (...)` lookup. */
const LOOKUP_CHUNK = 500;
/** Refuse workbooks that would unpack to more than this (zip bombs); 50,000 rows need far less. */
const MAX_XLSX_UNPACKED = 256 * 1024 * 1024;
/** Stored uploads nobody committed are removed after a day. */
const STALE_UPLOAD_MS = 24 * 3600 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A problem with the file as a whole (400), keyed to the `file` field, with the same message on top. */
class ImportFileError extends ValidationFailedError {
  constructor(code: string, params: Record<string, string | number> = {}) {
    super({ file: [{ code, params }] }, `validation.${code}`, params);
  }
}

function fileError(code: string, params?: Record<string, string | number>): ValidationFailedError {
  return new ImportFileError(code, params);
}

interface CheckedRow {
  row: number;
  values: ImportValues;
}

interface Checked {
  format: ImportFormat;
  rows: number;
  readings: CheckedRow[];
  issues: ImportIssue[];
  headerOk: boolean;
}

/**
 * Tenant import from CSV or XLSX: a dry run that reports every problem by row and column, and an
 * all-or-nothing commit in one transaction with multi-row inserts and one audit entry.
 */
@Injectable()
export class TenantImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly i18n: I18nService,
    private readonly config: AppConfig,
    private readonly tenants: TenantsService,
    private readonly hooks: TenantHooks,
  ) {}

  /** Checks the file and, unless `dryRun` or it has problems, imports every row. */
  async run(file: ImportFile, options: { dryRun: boolean; actor: Actor; locale: string }): Promise<ImportReport> {
    const checked = await this.check(file.buffer);
    const report = (issues: ImportIssue[], created: number): ImportReport => {
      const badRows = new Set(issues.map((i) => i.row));
      return {
        dryRun: options.dryRun, fileName: file.name, format: checked.format, rows: checked.rows,
        valid: checked.headerOk ? checked.readings.filter((r) => !badRows.has(r.row)).length : 0,
        created, errors: this.translate(sortIssues(issues), options.locale),
      };
    };
    if (options.dryRun || checked.issues.length) {
      const registered = await this.registeredIssues(this.dataSource.manager, checked.readings);
      return report([...checked.issues, ...registered], 0);
    }
    return this.dataSource.transaction(async (m) => {
      const registered = await this.registeredIssues(m, checked.readings);
      if (registered.length) return report(registered, 0);
      const tenants = checked.readings.map(({ values: v }) => ({
        uscc: v.uscc as string, name: v.name as string, legalRepresentative: v.legalRepresentative as string,
        industry: v.industry as string, building: v.building as string, unit: v.unit ?? '', movedInAt: v.movedInAt as string,
        status: 'active' as const, statusReason: null, usccOverrideReason: null, contactPhone: v.contactPhone ?? null,
      }));
      for (const part of chunk(tenants, INSERT_CHUNK)) {
        await m.createQueryBuilder().insert().into(TenantEntity).values(part).updateEntity(false).execute();
      }
      await this.hooks.joined(m, tenants.map((x) => x.uscc));
      await this.audit.record(m, options.actor, {
        action: 'tenant.import', entityType: 'tenant_import', entityId: sha256(file.buffer),
        after: {
          fileName: file.name, sha256: sha256(file.buffer), rows: tenants.length,
          firstUscc: tenants[0].uscc, lastUscc: tenants[tenants.length - 1].uscc,
        },
      });
      return report([], tenants.length);
    }).finally(() => this.tenants.registryChanged());
  }

  /** Everything that can be said without the database: the file, the header, each row, duplicates inside the file. */
  private async check(buffer: Buffer): Promise<Checked> {
    const { format, rows } = await this.readSheet(buffer);
    const headerAt = rows.findIndex((r) => !isBlankRow(r.cells));
    if (headerAt < 0) throw fileError('importEmpty');
    const header = rows[headerAt];
    const data = rows.slice(headerAt + 1).filter((r) => !isBlankRow(r.cells));
    if (data.length === 0) throw fileError('importNoRows');
    if (data.length > MAX_IMPORT_ROWS) throw fileError('importTooManyRows', { max: MAX_IMPORT_ROWS, rows: data.length });

    const mapping = mapHeader(header.cells, header.row);
    if (mapping.errors.length) return { format, rows: data.length, readings: [], issues: mapping.errors, headerOk: false };

    const issues: ImportIssue[] = [];
    const readings: CheckedRow[] = [];
    for (const sheetRow of data) {
      const { values, errors } = readRow(sheetRow, mapping.columns);
      issues.push(...errors, ...(await this.dtoIssues(sheetRow.row, values, errors)));
      readings.push({ row: sheetRow.row, values });
    }
    issues.push(...duplicateUsccIssues(readings.map((r) => ({ row: r.row, uscc: r.values.uscc }))));
    return { format, rows: data.length, readings, issues, headerOk: true };
  }

  /** The create DTO's own rules, so codes and messages match the API; one problem per code and field. */
  private async dtoIssues(row: number, values: ImportValues, known: ImportIssue[]): Promise<ImportIssue[]> {
    const errors = await validate(plainToInstance(CreateTenantDto, { ...values }), VALIDATOR_OPTIONS);
    const issues: ImportIssue[] = [];
    for (const [field, problems] of Object.entries(toFieldProblems(errors))) {
      if (known.some((k) => k.column === field)) continue;
      const seen = new Set<string>();
      for (const p of problems) {
        if (seen.has(p.code)) continue;
        seen.add(p.code);
        issues.push({ row, column: field, code: p.code, params: p.params });
      }
    }
    return issues;
  }

  /** Codes already registered, looked up in chunks of IN (...), never one query per row. */
  private async registeredIssues(m: EntityManager, readings: CheckedRow[]): Promise<ImportIssue[]> {
    const codes = checkableUsccs(readings.map((r) => r.values));
    const taken = new Set<string>();
    for (const part of chunk(codes, LOOKUP_CHUNK)) {
      const found = await m.getRepository(TenantEntity).find({ select: { uscc: true }, where: { uscc: In(part) } });
      for (const t of found) taken.add(t.uscc);
    }
    return readings
      .filter((r) => r.values.uscc !== undefined && taken.has(r.values.uscc))
      .map((r) => ({ row: r.row, column: 'uscc', code: 'duplicateUscc', params: { uscc: r.values.uscc as string } }));
  }

  private async readSheet(buffer: Buffer): Promise<{ format: ImportFormat; rows: SheetRow[] }> {
    if (buffer.length === 0) throw fileError('importEmpty');
    const format = sniffFormat(buffer);
    return { format, rows: format === 'xlsx' ? await this.readXlsx(buffer) : this.readCsv(buffer) };
  }

  private readCsv(buffer: Buffer): SheetRow[] {
    const text = decodeCsvText(buffer);
    if (text === null) throw new UnsupportedMediaTypeError('validation.importUnsupportedType');
    let records: string[][];
    try {
      records = parse(text, { delimiter: detectDelimiter(text), relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
    } catch (err) {
      throw fileError('importMalformedCsv', { line: Number((err as { lines?: number }).lines) || 1 });
    }
    // A record is a spreadsheet row even when a quoted cell spans several lines.
    return records.map((cells, i) => ({ row: i + 1, cells }));
  }

  private async readXlsx(buffer: Buffer): Promise<SheetRow[]> {
    const unpacked = zipUncompressedSize(buffer);
    if (unpacked === null || unpacked > MAX_XLSX_UNPACKED) throw fileError('importMalformed');
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
    } catch {
      throw fileError('importMalformed');
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw fileError('importMalformed');
    const rows: SheetRow[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, number) => {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      rows.push({ row: number, cells: Array.from(values, cellText) });
    });
    return rows;
  }

  private translate(issues: ImportIssue[], locale: string): ImportReportError[] {
    return issues.map((i) => {
      const own = `tenantImport.errors.${i.code}`;
      const key = this.i18n.has(own) ? own : `validation.${i.code}`;
      return { row: i.row, column: i.column, code: i.code, message: this.i18n.t(locale, key, i.params ?? {}) };
    });
  }

  // Uploads kept between the page's dry run and its commit.

  private get uploadDir(): string {
    return join(this.config.dataDir, 'imports');
  }

  async store(file: ImportFile, kind: ImportFormat): Promise<StoredImport> {
    await mkdir(this.uploadDir, { recursive: true });
    await this.removeStale();
    const stored: StoredImport = { id: randomUUID(), name: file.name, kind };
    await writeFile(this.storedPath(stored), file.buffer, { mode: 0o600 });
    return stored;
  }

  /** The stored file, or null when it is gone (or the session entry is not one of ours). */
  async load(stored: StoredImport): Promise<ImportFile | null> {
    if (!UUID.test(stored.id)) return null;
    try {
      return { name: stored.name, buffer: await readFile(this.storedPath(stored)) };
    } catch {
      return null;
    }
  }

  async discard(stored: StoredImport | undefined): Promise<void> {
    if (stored && UUID.test(stored.id)) await rm(this.storedPath(stored), { force: true });
  }

  private storedPath(stored: StoredImport): string {
    return join(this.uploadDir, `${basename(stored.id)}.${stored.kind === 'xlsx' ? 'xlsx' : 'csv'}`);
  }

  private async removeStale(): Promise<void> {
    const now = Date.now();
    for (const name of await readdir(this.uploadDir).catch(() => [] as string[])) {
      const path = join(this.uploadDir, name);
      const info = await stat(path).catch(() => null);
      if (info?.isFile() && now - info.mtimeMs > STALE_UPLOAD_MS) await rm(path, { force: true });
    }
  }
}

function sha256(buffer: Buffer): string {
  return createHash('sha256').update(buffer).digest('hex');
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import type { Actor } from '../../common/principal.js';
import type { TabularIssue } from '../../common/tabular/domain/tabular-columns.rules.js';
import type { TabularFormat } from '../../common/tabular/domain/tabular-file.rules.js';
import { ImportStash, type StashedImport } from '../../common/tabular/import-stash.js';
import type { ImportFile, ImportReportError } from '../../common/tabular/tabular-import.js';
import { AppConfig } from '../../config/app-config.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { FindingsService, type NewAnnualReport } from '../core/findings.service.js';
import {
  ANNUAL_REPORT_IMPORT_FIELDS, annualReportMapping, duplicateKeyIssues, MAX_ANNUAL_REPORT_IMPORT_ROWS, readAnnualReportRow,
  type AnnualReportDraft, type AnnualReportImportField,
} from '../domain/finding-import.rules.js';
import { readImportSheet, translateIssues, type ImportSheet } from './import-sheet.js';
import { FindingsImportService } from './findings-import.service.js';

export interface AnnualReportPreviewRow {
  row: number;
  tenant: string;
  year: number;
  filedOn: string;
}

export interface AnnualReportsImportReport {
  dryRun: boolean;
  fileName: string;
  format: TabularFormat;
  rows: number;
  /** Rows without problems (new ones and those already on file). */
  valid: number;
  toCreate: number;
  created: number;
  /** Rows whose tenant and year are already on file: skipped, never duplicated. */
  alreadyRecorded: number;
  skipped: { row: number; year: number; annualReportId: number }[];
  errors: ImportReportError[];
  preview: AnnualReportPreviewRow[];
}

const SHOWN_SKIPPED = 200;

interface Planned {
  row: number;
  draft: AnnualReportDraft;
  tenantId: number;
}

/**
 * Annual reports (P04) from CSV/XLSX: USCC or tenant name, business year, filing date (the columns
 * found by their headers, others left out). Dry run with every problem by row and column; tenant-years
 * already on file are reported and skipped, never duplicated; the commit is all or nothing, audited once.
 */
@Injectable()
export class AnnualReportsImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly findings: FindingsService,
    private readonly tenants: TenantsQueries,
    private readonly audit: AuditService,
    private readonly i18n: I18nService,
    private readonly config: AppConfig,
    private readonly findingsImport: FindingsImportService,
  ) {}

  private readonly stash = new ImportStash(join(this.config.dataDir, 'imports'));

  async run(file: ImportFile, options: { dryRun: boolean; actor: Actor; locale: string; preview?: number }): Promise<AnnualReportsImportReport> {
    const sheet = await readImportSheet(file.buffer, MAX_ANNUAL_REPORT_IMPORT_ROWS);
    const { mapping, issues: mappingIssues } = annualReportMapping(sheet.headers);
    const report = (issues: TabularIssue[], planned: Planned[], recorded: Map<number, number>, created: number, preview: AnnualReportPreviewRow[] = []): AnnualReportsImportReport => {
      const bad = new Set(issues.map((i) => i.row));
      const valid = mappingIssues.length ? 0 : sheet.rows.filter((r) => !bad.has(r.row)).length;
      const skipped = planned.filter((p) => recorded.has(p.row) && !bad.has(p.row));
      return {
        dryRun: options.dryRun, fileName: file.name, format: sheet.format, rows: sheet.rows.length, valid,
        alreadyRecorded: skipped.length, toCreate: valid - skipped.length, created,
        skipped: skipped.slice(0, SHOWN_SKIPPED).map((p) => ({ row: p.row, year: p.draft.year, annualReportId: recorded.get(p.row)! })),
        errors: translateIssues(this.i18n, 'findingsImport.errors', issues, ANNUAL_REPORT_IMPORT_FIELDS, options.locale),
        preview,
      };
    };
    if (mappingIssues.length) return report(mappingIssues, [], new Map(), 0);
    const today = this.findingsImport.today();
    if (options.dryRun) {
      const plan = await this.plan(this.dataSource.manager, sheet, mapping, today);
      const preview = plan.issues.length ? [] : await this.previewOf(plan.planned.filter((p) => !plan.recorded.has(p.row)).slice(0, options.preview ?? 0));
      return report(plan.issues, plan.planned, plan.recorded, 0, preview);
    }
    return this.dataSource.transaction(async (m) => {
      const plan = await this.plan(m, sheet, mapping, today);
      if (plan.issues.length) return report(plan.issues, plan.planned, plan.recorded, 0);
      const inputs: NewAnnualReport[] = plan.planned.filter((p) => !plan.recorded.has(p.row)).map((p) => ({ tenantId: p.tenantId, year: p.draft.year, filedOn: p.draft.filedOn }));
      const ids = await this.findings.recordAnnualReports(m, inputs, options.actor.userId, 'import');
      const sha256 = createHash('sha256').update(file.buffer).digest('hex');
      await this.audit.record(m, options.actor, {
        action: 'annualReport.import', entityType: 'annual_report_import', entityId: sha256,
        after: { fileName: file.name, sha256, rows: sheet.rows.length, created: ids.length, alreadyRecorded: plan.recorded.size },
      });
      return report([], plan.planned, plan.recorded, ids.length);
    });
  }

  private async plan(m: EntityManager, sheet: ImportSheet, mapping: readonly (AnnualReportImportField | null)[], today: string) {
    const issues: TabularIssue[] = [];
    const drafts: { row: number; draft: AnnualReportDraft }[] = [];
    for (const r of sheet.rows) {
      const values: Partial<Record<AnnualReportImportField, string>> = {};
      mapping.forEach((field, i) => {
        const text = (r.cells[i] ?? '').trim();
        if (field && text !== '') values[field] = text;
      });
      const read = readAnnualReportRow(r.row, values, today);
      issues.push(...read.issues);
      if (read.draft) drafts.push({ row: r.row, draft: read.draft });
    }
    const { byUscc, byName } = await this.tenants.idsFor(
      drafts.flatMap((d) => (d.draft.uscc ? [d.draft.uscc] : [])),
      drafts.flatMap((d) => (!d.draft.uscc && d.draft.name ? [d.draft.name] : [])),
    );
    const planned: Planned[] = [];
    for (const { row, draft } of drafts) {
      if (draft.uscc) {
        const id = byUscc.get(draft.uscc);
        if (id === undefined) issues.push({ row, column: 'uscc', code: 'tenantUnknown', params: { value: draft.uscc } });
        else planned.push({ row, draft, tenantId: id });
      } else {
        const ids = byName.get(draft.name ?? '') ?? [];
        if (ids.length !== 1) issues.push({ row, column: 'name', code: ids.length ? 'tenantAmbiguous' : 'tenantUnknown', params: { value: draft.name ?? '' } });
        else planned.push({ row, draft, tenantId: ids[0] });
      }
    }
    issues.push(...duplicateKeyIssues(planned.map((p) => ({ row: p.row, key: `${p.tenantId}:${p.draft.year}` })), 'year'));
    const existing = await this.findings.existingReports(m, planned.map((p) => ({ tenantId: p.tenantId, year: p.draft.year })));
    const recorded = new Map<number, number>();
    for (const p of planned) {
      const id = existing.get(`${p.tenantId}:${p.draft.year}`);
      if (id !== undefined) recorded.set(p.row, id);
    }
    return { issues, planned, recorded };
  }

  private async previewOf(rows: Planned[]): Promise<AnnualReportPreviewRow[]> {
    if (!rows.length) return [];
    const names = await this.tenants.summaries(rows.map((r) => r.tenantId));
    return rows.map((r) => ({ row: r.row, tenant: names.get(r.tenantId)?.name ?? String(r.tenantId), year: r.draft.year, filedOn: r.draft.filedOn }));
  }

  store(file: ImportFile, kind: TabularFormat): Promise<StashedImport> {
    return this.stash.store(file, kind);
  }

  load(stored: StashedImport | undefined): Promise<ImportFile | null> {
    return this.stash.load(stored);
  }

  discard(stored: StashedImport | undefined): Promise<void> {
    return this.stash.discard(stored);
  }
}

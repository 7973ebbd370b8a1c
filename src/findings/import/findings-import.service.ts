import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isRegulator, type Asker } from '../../accounts/domain/access-policy.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { AuditService } from '../../audit/audit.service.js';
import type { Actor } from '../../common/principal.js';
import type { TabularIssue } from '../../common/tabular/domain/tabular-columns.rules.js';
import type { TabularFormat } from '../../common/tabular/domain/tabular-file.rules.js';
import { ImportStash, type StashedImport } from '../../common/tabular/import-stash.js';
import type { ImportFile, ImportReportError } from '../../common/tabular/tabular-import.js';
import { AppConfig } from '../../config/app-config.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { FindingsService, type NewFinding } from '../core/findings.service.js';
import {
  checkMapping, departmentOf, duplicateKeyIssues, FINDING_IMPORT_FIELDS, MAX_FINDING_IMPORT_ROWS, readFindingRow, suggestMapping, valuesOf,
  type DepartmentRef, type FindingDraft, type FindingImportField,
} from '../domain/finding-import.rules.js';
import { readImportSheet, translateIssues, type ImportSheet } from './import-sheet.js';

export type FindingImportMapping = (FindingImportField | null)[];
/** A mapping as a caller gives it: by column, or by header (headers left out keep the suggested field). */
export type FindingImportMappingInput = FindingImportMapping | Record<string, FindingImportField | null>;

/** Who imports: staff for any department, a regulator for its own only. */
export type ImportAsker = Asker & { departmentId: number | null };

/** A row that is already recorded (same department and decision number): skipped, not an error. */
export interface SkippedRow {
  row: number;
  decisionNo: string;
  findingId: number;
}

/** A row as it will be written, for the preview. */
export interface FindingPreviewRow {
  row: number;
  tenant: string;
  department: string;
  type: string;
  severity: string;
  penaltyKind: string | null;
  decisionNo: string;
  decisionDate: string;
  title: string;
  rectifyBy: string | null;
}

export interface FindingsImportReport {
  dryRun: boolean;
  fileName: string;
  format: TabularFormat;
  /** The file's header cells and the mapping applied to them (field or null, by column). */
  headers: string[];
  mapping: FindingImportMapping;
  /** Data rows in the file. */
  rows: number;
  /** Rows without problems (new ones and those already recorded). */
  valid: number;
  /** Rows that would be (or were) written: valid rows not recorded yet. */
  toCreate: number;
  /** Findings written (0 in a dry run or when there are problems). */
  created: number;
  /** Rows already recorded under the same department and decision number: skipped. */
  alreadyRecorded: number;
  /** The first SHOWN_SKIPPED of them. */
  skipped: SkippedRow[];
  errors: ImportReportError[];
  /** A dry run without problems: the first `preview` rows to be written. */
  preview: FindingPreviewRow[];
}

export interface FindingsImportOptions {
  dryRun: boolean;
  asker: ImportAsker;
  actor: Actor;
  locale: string;
  /** The user's mapping; null or absent: the one suggested from the headers. */
  mapping?: FindingImportMappingInput | null;
  /** Rows to list in a dry run without problems. */
  preview?: number;
}

/** A checked file kept between the dry run and the commit, with the mapping it was checked with. */
export interface StoredFindingsImport extends StashedImport {
  mapping: FindingImportMapping | null;
}

const SHOWN_SKIPPED = 200;
/** Tenants per notice call (each call reads its recipients and dedupe keys with IN lists). */
const NOTICE_BATCH = 500;

interface PlannedRow {
  row: number;
  draft: FindingDraft;
  tenantId: number;
  departmentId: number;
}

interface Plan {
  issues: TabularIssue[];
  rows: PlannedRow[];
  /** Valid rows already recorded, by spreadsheet row: the finding's id. */
  recorded: Map<number, number>;
}

/**
 * Findings from a public credit platform's CSV/XLSX export (or our template): the columns mapped to
 * fields (suggested from known headers, the user may change it), a dry run that reports every problem
 * by row and column and the rows already recorded (skipped), then an all-or-nothing commit in one
 * transaction: the findings in batches through FindingsService.recordMany (source import, publicity
 * dates by the rules in force), one audit entry with the counts, one notice per tenant to its officers.
 */
@Injectable()
export class FindingsImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly findings: FindingsService,
    private readonly tenants: TenantsQueries,
    private readonly users: UsersQueries,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly uow: UnitOfWork,
    private readonly i18n: I18nService,
    private readonly config: AppConfig,
  ) {}

  private readonly stash = new ImportStash(join(this.config.dataDir, 'imports'));

  /** The park's date today: no decision may be later. */
  today(): string {
    return DateTime.now().setZone(this.i18n.timeZone).toISODate() as string;
  }

  /** The header and the mapping the mapping step starts from (the user's earlier choice when there is one). */
  async columns(file: ImportFile, mapping?: FindingImportMappingInput | null): Promise<{ headers: string[]; mapping: FindingImportMapping; samples: string[]; rows: number; format: TabularFormat }> {
    const sheet = await readImportSheet(file.buffer, MAX_FINDING_IMPORT_ROWS);
    const first = sheet.rows[0]?.cells ?? [];
    return { headers: sheet.headers, mapping: resolveMapping(sheet.headers, mapping), samples: sheet.headers.map((_, i) => (first[i] ?? '').trim()), rows: sheet.rows.length, format: sheet.format };
  }

  async run(file: ImportFile, options: FindingsImportOptions): Promise<FindingsImportReport> {
    const sheet = await readImportSheet(file.buffer, MAX_FINDING_IMPORT_ROWS);
    const mapping = resolveMapping(sheet.headers, options.mapping);
    const today = this.today();
    const report = (issues: TabularIssue[], plan: Plan | null, created: number, previewRows: FindingPreviewRow[] = []): FindingsImportReport => {
      const bad = new Set(issues.map((i) => i.row));
      const valid = plan ? sheet.rows.filter((r) => !bad.has(r.row)).length : 0;
      const recorded = plan ? [...plan.recorded].filter(([row]) => !bad.has(row)) : [];
      const byRow = new Map(plan?.rows.map((r) => [r.row, r]) ?? []);
      return {
        dryRun: options.dryRun, fileName: file.name, format: sheet.format, headers: sheet.headers, mapping, rows: sheet.rows.length,
        valid, alreadyRecorded: recorded.length, toCreate: valid - recorded.length, created,
        skipped: recorded.slice(0, SHOWN_SKIPPED).map(([row, findingId]) => ({ row, findingId, decisionNo: byRow.get(row)?.draft.decisionNo ?? '' })),
        errors: translateIssues(this.i18n, 'findingsImport.errors', issues, FINDING_IMPORT_FIELDS, options.locale),
        preview: previewRows,
      };
    };
    const mappingIssues = checkMapping(mapping, sheet.headers, { departmentImplied: isRegulator(options.asker) });
    if (mappingIssues.length) return report(mappingIssues, null, 0);

    const departments = [...(await this.findings.departmentsById()).values()];
    if (options.dryRun) {
      const plan = await this.plan(this.dataSource.manager, sheet, mapping, options.asker, departments, today);
      const preview = plan.issues.length ? [] : await this.previewOf(plan, departments, options.preview ?? 0, options.locale);
      return report(plan.issues, plan, 0, preview);
    }
    return this.uow.run(async (m, afterCommit) => {
      const plan = await this.plan(m, sheet, mapping, options.asker, departments, today);
      if (plan.issues.length) return report(plan.issues, plan, 0);
      const fresh = plan.rows.filter((r) => !plan.recorded.has(r.row));
      const inputs: NewFinding[] = fresh.map(({ draft: d, tenantId, departmentId }) => ({
        departmentId, tenantId, type: d.type, severity: d.severity, penaltyKind: d.penaltyKind, title: d.title, legalBasis: d.legalBasis,
        decisionNo: d.decisionNo, decisionDate: d.decisionDate, description: d.description, rectificationRequired: d.rectificationRequired,
        rectifyBy: d.rectifyBy, substantiated: d.substantiated, abnormalCause: d.abnormalCause,
      }));
      const ids = await this.findings.recordMany(m, inputs, options.actor.userId, 'import');
      const sha256 = createHash('sha256').update(file.buffer).digest('hex');
      const entry = await this.audit.record(m, options.actor, {
        action: 'finding.import', entityType: 'finding_import', entityId: sha256,
        after: {
          fileName: file.name, sha256, rows: sheet.rows.length, created: ids.length, alreadyRecorded: plan.recorded.size,
          tenants: new Set(inputs.map((i) => i.tenantId)).size, firstId: ids[0] ?? null, lastId: ids[ids.length - 1] ?? null,
        },
      });
      await this.notifyOfficers(m, afterCommit, inputs, entry.id);
      return report([], plan, ids.length);
    });
  }

  /** One notice per tenant (however many of its findings the file held) to its officers. */
  private async notifyOfficers(m: EntityManager, afterCommit: Parameters<NotificationsService['notify']>[1], inputs: readonly NewFinding[], entryId: number): Promise<void> {
    const perTenant = new Map<number, number>();
    for (const f of inputs) perTenant.set(f.tenantId, (perTenant.get(f.tenantId) ?? 0) + 1);
    const tenantIds = [...perTenant.keys()];
    for (let i = 0; i < tenantIds.length; i += NOTICE_BATCH) {
      const officers = await this.users.officersOf(tenantIds.slice(i, i + NOTICE_BATCH), m);
      const notices = [...officers].map(([tenantId, userIds]) => ({
        userIds, template: 'findings-imported', params: { count: perTenant.get(tenantId)! }, link: '/findings', dedupeKey: `finding-import:${entryId}:${tenantId}`,
      }));
      if (notices.length) await this.notifications.notify(m, afterCommit, notices);
    }
  }

  /**
   * Every row checked: its own cells (pure rules), its department (by code or name; a regulator's
   * must be its own), its tenant (by USCC, else by an unambiguous name), a (department, decision
   * number) repeated in the file, and the rows already recorded (skipped).
   */
  private async plan(m: EntityManager, sheet: ImportSheet, mapping: FindingImportMapping, asker: ImportAsker, departments: readonly DepartmentRef[], today: string): Promise<Plan> {
    const issues: TabularIssue[] = [];
    const drafts: { row: number; draft: FindingDraft }[] = [];
    for (const r of sheet.rows) {
      const read = readFindingRow(r.row, valuesOf(r.cells, mapping), today);
      issues.push(...read.issues);
      if (read.draft) drafts.push({ row: r.row, draft: read.draft });
    }
    const regulator = isRegulator(asker);
    const departmentOfRow = new Map<number, number>();
    for (const { row, draft } of drafts) {
      let id: number | null;
      if (draft.department !== null) {
        id = departmentOf(draft.department, departments)?.id ?? null;
        if (id === null) { issues.push({ row, column: 'department', code: 'departmentUnknown', params: { value: draft.department } }); continue; }
      } else id = asker.departmentId;
      if (regulator && (id === null || id !== asker.departmentId)) { issues.push({ row, column: 'department', code: 'otherDepartment' }); continue; }
      if (id === null) { issues.push({ row, column: 'department', code: 'required' }); continue; }
      departmentOfRow.set(row, id);
    }
    const { byUscc, byName } = await this.tenants.idsFor(
      drafts.flatMap((d) => (d.draft.uscc ? [d.draft.uscc] : [])),
      drafts.flatMap((d) => (!d.draft.uscc && d.draft.tenantName ? [d.draft.tenantName] : [])),
    );
    const rows: PlannedRow[] = [];
    for (const { row, draft } of drafts) {
      let tenantId: number | undefined;
      if (draft.uscc) {
        tenantId = byUscc.get(draft.uscc);
        if (tenantId === undefined) { issues.push({ row, column: 'uscc', code: 'tenantUnknown', params: { value: draft.uscc } }); continue; }
      } else {
        const ids = byName.get(draft.tenantName ?? '') ?? [];
        if (ids.length !== 1) { issues.push({ row, column: 'tenantName', code: ids.length ? 'tenantAmbiguous' : 'tenantUnknown', params: { value: draft.tenantName ?? '' } }); continue; }
        tenantId = ids[0];
      }
      const departmentId = departmentOfRow.get(row);
      if (departmentId !== undefined) rows.push({ row, draft, tenantId, departmentId });
    }
    issues.push(...duplicateKeyIssues(rows.map((r) => ({ row: r.row, key: this.findings.findingKey(r.departmentId, r.draft.decisionNo) })), 'decisionNo'));
    const existing = await this.findings.existing(m, rows.map((r) => ({ departmentId: r.departmentId, decisionNo: r.draft.decisionNo })));
    const recorded = new Map<number, number>();
    for (const r of rows) {
      const id = existing.get(this.findings.findingKey(r.departmentId, r.draft.decisionNo));
      if (id !== undefined) recorded.set(r.row, id);
    }
    return { issues, rows, recorded };
  }

  private async previewOf(plan: Plan, departments: readonly DepartmentRef[], count: number, locale: string): Promise<FindingPreviewRow[]> {
    const rows = plan.rows.filter((r) => !plan.recorded.has(r.row)).slice(0, count);
    if (!rows.length) return [];
    const names = await this.tenants.summaries(rows.map((r) => r.tenantId));
    const byId = new Map(departments.map((d) => [d.id, d]));
    const t = (key: string) => this.i18n.t(locale, key);
    return rows.map(({ row, draft: d, tenantId, departmentId }) => {
      const dept = byId.get(departmentId);
      return {
        row, tenant: names.get(tenantId)?.name ?? String(tenantId), department: (locale === 'en' ? dept?.nameEn : dept?.nameZh) ?? '',
        type: t(`findingsImport.types.${d.type}`), severity: t(`findingsImport.severities.${d.severity}`),
        penaltyKind: d.penaltyKind ? t(`findingsImport.penaltyKinds.${d.penaltyKind}`) : null,
        decisionNo: d.decisionNo, decisionDate: d.decisionDate, title: d.title, rectifyBy: d.rectifyBy,
      };
    });
  }

  // Uploads kept between the page's upload, mapping, dry run and commit.

  async store(file: ImportFile, kind: TabularFormat): Promise<StoredFindingsImport> {
    return { ...(await this.stash.store(file, kind)), mapping: null };
  }

  load(stored: StoredFindingsImport | undefined): Promise<ImportFile | null> {
    return this.stash.load(stored);
  }

  discard(stored: StoredFindingsImport | undefined): Promise<void> {
    return this.stash.discard(stored);
  }
}

/**
 * One field (or null) per header column: a list by column (padded or cut to the header), or fields by
 * header where the headers left out keep the suggestion unless the caller gave their field to another.
 */
export function resolveMapping(headers: readonly string[], input: FindingImportMappingInput | null | undefined): FindingImportMapping {
  if (Array.isArray(input)) return headers.map((_, i) => input[i] ?? null);
  const suggested = suggestMapping(headers);
  if (!input) return suggested;
  const given = new Map(Object.entries(input).map(([h, f]) => [h.trim(), f]));
  const taken = new Set([...given.values()].filter((f): f is FindingImportField => f !== null));
  return headers.map((h, i) => (given.has(h) ? given.get(h)! : suggested[i] && !taken.has(suggested[i]!) ? suggested[i] : null));
}

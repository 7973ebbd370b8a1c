import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DataSource, In, type EntityManager } from 'typeorm';
import { TenantHooks } from './tenant-hooks.js';
import { TenantsService } from './tenants.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/principal.js';
import { chunk } from '../common/chunk.js';
import { type TabularIssue } from '../common/tabular/domain/tabular-columns.rules.js';
import type { TabularFormat } from '../common/tabular/domain/tabular-file.rules.js';
import { ImportStash, type StashedImport } from '../common/tabular/import-stash.js';
import { runImport, type ImportFile, type ImportRow, type TabularImportReport, type TabularImportSpec } from '../common/tabular/tabular-import.js';
import { validateDto } from '../common/validation.js';
import { AppConfig } from '../config/app-config.js';
import { I18nService } from '../i18n/i18n.service.js';
import {
  checkableUsccs, duplicateUsccIssues, MAX_IMPORT_ROWS, TENANT_IMPORT_COLUMNS, type ImportField, type ImportValues,
} from './domain/tenant-import.rules.js';
import { isExampleRow } from './domain/tenant-import-template.rules.js';
import { CreateTenantDto } from './dto/tenant.dto.js';
import { TenantEntity } from './entities/tenant.entity.js';
import { BuildingsService } from './buildings.service.js';
import { industryCodeOf } from './domain/industry-classification.js';
import { nameSortKey } from './domain/tenant-name-sort.rules.js';
import { writeSearchIndex } from './tenant-search.index.js';

/** An uploaded file kept between the page's dry run and its commit (`req.session.importFile`). */
export type StoredImport = StashedImport;

/** Rows per multi-row INSERT: about 5,000 bound values, within every driver's limit. */
const INSERT_CHUNK = 500;
/** Codes per `uscc IN (...)` lookup. */
const LOOKUP_CHUNK = 500;
/** Stored uploads nobody committed are removed after a day. */

type TenantRow = ImportRow<ImportField>;

/**
 * Tenant import from CSV or XLSX on the tabular kit: a dry run that reports every problem by row and
 * column, and an all-or-nothing commit in one transaction with multi-row inserts and one audit entry.
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
    private readonly buildings: BuildingsService,
  ) {}

  private readonly stash = new ImportStash(join(this.config.dataDir, 'imports'));

  /** Checks the file and, unless `dryRun` or it has problems, imports every row; a dry run lists the first `preview` rows. */
  async run(file: ImportFile, options: { dryRun: boolean; actor: Actor; locale: string; preview?: number }): Promise<TabularImportReport> {
    const imported = runImport(this.dataSource, this.i18n, file, this.spec(file, options.actor), options);
    return options.dryRun ? imported : imported.finally(() => this.tenants.registryChanged());
  }

  private spec(file: ImportFile, actor: Actor): TabularImportSpec<ImportField> {
    return {
      columns: TENANT_IMPORT_COLUMNS,
      maxRows: MAX_IMPORT_ROWS,
      messages: 'tenantImport.errors',
      validateRow: (row, known) => this.dtoIssues(row.row, row.values, known),
      validateRows: (rows) => duplicateUsccIssues(rows.map((r) => ({ row: r.row, uscc: r.values.uscc }))),
      validateStored: async (m, rows) => [...await this.registeredIssues(m, rows), ...await this.buildingIssues(m, rows)],
      write: (m, rows) => this.insert(m, rows, file, actor),
      isExampleRow,
    };
  }

  /** Every row in multi-row inserts, the tenants' joining work, and one audit entry for the file. */
  private async insert(m: EntityManager, rows: readonly TenantRow[], file: ImportFile, actor: Actor): Promise<number> {
    const buildingIds = await this.buildings.idsByName(m, rows.map((r) => r.values.building ?? ''));
    const tenants = rows.map(({ values: v }) => ({
      uscc: v.uscc as string, name: v.name as string, nameSortKey: nameSortKey(v.name as string), legalRepresentative: v.legalRepresentative as string,
      industry: industryCodeOf(v.industry) as string, buildingId: buildingIds.get((v.building ?? '').trim()) as number, unit: v.unit ?? '', movedInAt: v.movedInAt as string,
      status: 'active' as const, statusReason: null, usccOverrideReason: null, contactPhone: v.contactPhone ?? null,
    }));
    for (const part of chunk(tenants, INSERT_CHUNK)) {
      await m.createQueryBuilder().insert().into(TenantEntity).values(part).updateEntity(false).execute();
      const saved = await m.getRepository(TenantEntity).find({ select: { id: true, uscc: true, name: true, legalRepresentative: true }, where: { uscc: In(part.map((t) => t.uscc)) }, loadEagerRelations: false });
      await writeSearchIndex(m, saved, { fresh: true });
    }
    await this.hooks.joined(m, tenants.map((x) => x.uscc));
    await this.audit.record(m, actor, {
      action: 'tenant.import', entityType: 'tenant_import', entityId: sha256(file.buffer),
      after: {
        fileName: file.name, sha256: sha256(file.buffer), rows: tenants.length,
        firstUscc: tenants[0].uscc, lastUscc: tenants[tenants.length - 1].uscc,
      },
    });
    return tenants.length;
  }

  /** The create DTO's own rules (control characters in cells included), so codes and messages match the API; one problem per code and field. */
  private async dtoIssues(row: number, values: ImportValues, known: readonly TabularIssue[]): Promise<TabularIssue[]> {
    const { fields } = await validateDto(CreateTenantDto, { ...values });
    const issues: TabularIssue[] = [];
    for (const [field, problems] of Object.entries(fields ?? {})) {
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

  /** Buildings not in the list staff keep (or retired), looked up in one query. */
  private async buildingIssues(m: EntityManager, readings: readonly TenantRow[]): Promise<TabularIssue[]> {
    const known = await this.buildings.idsByName(m, readings.map((r) => r.values.building ?? ''));
    return readings
      .filter((r) => r.values.building !== undefined && r.values.building.trim() !== '' && !known.has(r.values.building.trim()))
      .map((r) => ({ row: r.row, column: 'building', code: 'unknownBuilding', params: { name: r.values.building as string } }));
  }

  /** Codes already registered, looked up in chunks of IN (...), never one query per row. */
  private async registeredIssues(m: EntityManager, readings: readonly TenantRow[]): Promise<TabularIssue[]> {
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

  // Uploads kept between the page's dry run and its commit.

  store(file: ImportFile, kind: TabularFormat): Promise<StoredImport> {
    return this.stash.store(file, kind);
  }

  /** The stored file, or null when it is gone (or the session entry is not one of ours). */
  load(stored: StoredImport): Promise<ImportFile | null> {
    return this.stash.load(stored);
  }

  discard(stored: StoredImport | undefined): Promise<void> {
    return this.stash.discard(stored);
  }
}

function sha256(buffer: Buffer): string {
  return createHash('sha256').update(buffer).digest('hex');
}

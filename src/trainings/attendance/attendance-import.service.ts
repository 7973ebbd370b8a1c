import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import type { Actor } from '../../common/principal.js';
import type { ImportColumn, TabularIssue } from '../../common/tabular/domain/tabular-columns.rules.js';
import type { TabularFormat } from '../../common/tabular/domain/tabular-file.rules.js';
import { ImportStash, type StashedImport } from '../../common/tabular/import-stash.js';
import { runImport, type ImportFile, type ImportRow, type TabularImportReport, type TabularImportSpec } from '../../common/tabular/tabular-import.js';
import { AppConfig } from '../../config/app-config.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { parseImportMark, parseImportTime } from '../domain/attendance-import.rules.js';
import { TrainingAttendanceEntity } from '../entities/training-attendance.entity.js';

type Field = 'uscc' | 'name' | 'mark' | 'time';
type Row = ImportRow<Field>;

export const ATTENDANCE_IMPORT_COLUMNS: readonly ImportColumn<Field>[] = [
  { field: 'uscc', en: 'uscc', zh: '统一社会信用代码' },
  { field: 'name', en: 'name', zh: '企业名称' },
  { field: 'mark', en: 'mark', zh: '出勤', required: true },
  { field: 'time', en: 'time', zh: '时间' },
];
/** A session's attendance: one row per tenant, so at most a district's tenants. */
const MAX_ROWS = 200_000;

/** A checked file kept between the dry run and its commit (`req.session.attendanceImport`). */
export interface StoredAttendanceImport extends StashedImport {
  sessionId: number;
}

/**
 * A session's attendance from CSV or XLSX (USCC or tenant name, mark, optional park time): a dry run
 * with every row's problems, then an all-or-nothing commit that replaces those tenants' marks with
 * source `import`, audited once.
 */
@Injectable()
export class AttendanceImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantsQueries,
    private readonly audit: AuditService,
    private readonly i18n: I18nService,
    private readonly config: AppConfig,
  ) {}

  private readonly stash = new ImportStash(join(this.config.dataDir, 'imports'));

  run(sessionId: number, file: ImportFile, options: { dryRun: boolean; actor: Actor; locale: string; preview?: number }): Promise<TabularImportReport> {
    return runImport(this.dataSource, this.i18n, file, this.spec(sessionId, file, options.actor), options);
  }

  private spec(sessionId: number, file: ImportFile, actor: Actor): TabularImportSpec<Field> {
    const tz = this.i18n.timeZone;
    return {
      columns: ATTENDANCE_IMPORT_COLUMNS,
      maxRows: MAX_ROWS,
      messages: 'trainingsAttendance.importErrors',
      validateRow: (r) => {
        const issues: TabularIssue[] = [];
        if (!r.values.uscc && !r.values.name) issues.push({ row: r.row, column: 'uscc', code: 'tenantMissing' });
        if (r.values.mark && !parseImportMark(r.values.mark)) issues.push({ row: r.row, column: 'mark', code: 'markInvalid' });
        if (r.values.time && !parseImportTime(r.values.time, tz)) issues.push({ row: r.row, column: 'time', code: 'timeInvalid' });
        return issues;
      },
      validateStored: async (_m, rows) => (await this.resolve(rows)).issues,
      write: async (m, rows) => this.write(m, sessionId, rows, file, actor),
    };
  }

  /** Each row's tenant, by USCC first, else by an unambiguous name; a tenant named twice is an error on the later rows. */
  private async resolve(rows: readonly Row[]): Promise<{ issues: TabularIssue[]; tenantOf: Map<number, number> }> {
    const { byUscc, byName } = await this.tenants.idsFor(rows.flatMap((r) => (r.values.uscc ? [r.values.uscc] : [])), rows.flatMap((r) => (!r.values.uscc && r.values.name ? [r.values.name] : [])));
    const issues: TabularIssue[] = [];
    const tenantOf = new Map<number, number>();
    const seen = new Map<number, number>();
    for (const r of rows) {
      let id: number | undefined;
      if (r.values.uscc) {
        id = byUscc.get(r.values.uscc);
        if (id === undefined) { issues.push({ row: r.row, column: 'uscc', code: 'tenantUnknown' }); continue; }
      } else if (r.values.name) {
        const ids = byName.get(r.values.name) ?? [];
        if (ids.length !== 1) { issues.push({ row: r.row, column: 'name', code: ids.length ? 'tenantAmbiguous' : 'tenantUnknown' }); continue; }
        id = ids[0];
      } else continue;
      if (seen.has(id)) { issues.push({ row: r.row, column: r.values.uscc ? 'uscc' : 'name', code: 'duplicate' }); continue; }
      seen.set(id, r.row);
      tenantOf.set(r.row, id);
    }
    return { issues, tenantOf };
  }

  private async write(m: EntityManager, sessionId: number, rows: readonly Row[], file: ImportFile, actor: Actor): Promise<number> {
    const { tenantOf } = await this.resolve(rows);
    const now = new Date();
    const tz = this.i18n.timeZone;
    const marks = rows.map((r) => ({
      sessionId, tenantId: tenantOf.get(r.row)!, mark: parseImportMark(r.values.mark!)!, source: 'import' as const,
      markedBy: actor.userId, markedAt: r.values.time ? parseImportTime(r.values.time, tz)! : now,
    }));
    const repo = m.getRepository(TrainingAttendanceEntity);
    for (let i = 0; i < marks.length; i += 500) {
      const part = marks.slice(i, i + 500);
      await repo.delete({ sessionId, tenantId: In(part.map((x) => x.tenantId)) });
      await repo.insert(part);
    }
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    await this.audit.record(m, actor, {
      action: 'training.attendanceImport', entityType: 'training_session', entityId: String(sessionId),
      after: { fileName: file.name, sha256, rows: marks.length },
    });
    return marks.length;
  }

  // Uploads kept between the page's dry run and its commit, tied to the session they were checked for.

  async store(file: ImportFile, kind: TabularFormat, sessionId: number): Promise<StoredAttendanceImport> {
    return { ...(await this.stash.store(file, kind)), sessionId };
  }

  async load(stored: StoredAttendanceImport | undefined, sessionId: number): Promise<ImportFile | null> {
    return stored?.sessionId === sessionId ? this.stash.load(stored) : null;
  }

  discard(stored: StoredAttendanceImport | undefined): Promise<void> {
    return this.stash.discard(stored);
  }
}

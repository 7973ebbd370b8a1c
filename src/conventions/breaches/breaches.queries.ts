import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { assertTenantAccess } from '../../accounts/auth/tenant-scope.js';
import { isOfficerOf, readsEveryTenant } from '../../accounts/domain/access-policy.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { dateText } from '../../database/raw-sql.js';
import { pageWindow, type Page } from '../../common/pagination.js';
import type { Principal } from '../../common/principal.js';
import { AttachmentOwner, FilesService, toAttachmentView, type AttachmentView } from '../../files/files.service.js';
import { TenantsQueries, type TenantSummary } from '../../tenants/tenants.queries.js';
import type { Writable } from 'node:stream';
import { keysetBatches, tableRows, whereAfter, writeTable, type TableColumn, type TabularFormat } from '../../common/tabular/tabular-export.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { isOpenBreach, rectificationState, type BreachSeverity, type BreachStatus } from '../domain/breach-lifecycle.rules.js';
import type { ClauseCategory, ConventionKind } from '../domain/convention.rules.js';
import { BreachResponseEntity } from '../entities/breach-response.entity.js';
import { BreachEntity } from '../entities/breach.entity.js';
import { ConventionClauseEntity } from '../entities/convention-clause.entity.js';
import { ConventionVersionEntity } from '../entities/convention-version.entity.js';
import { ConventionEntity } from '../entities/convention.entity.js';
import { SigningObligationEntity } from '../entities/signing-obligation.entity.js';
import type { BreachQueryDto } from './dto/breach.dto.js';

export const BREACH_OWNER = 'breach';
export const BREACH_RESPONSE_OWNER = 'breach_response';

export interface ClauseOption {
  id: number;
  number: string;
  category: ClauseCategory;
  customCategory: string | null;
  textZh: string;
  textEn: string | null;
}

export interface VersionClauses {
  versionId: number;
  title: string;
  titleEn: string | null;
  versionNo: number;
  kind: ConventionKind;
  clauses: ClauseOption[];
}

export interface BreachResponseView {
  id: number;
  text: string;
  user: { id: number; name: string } | null;
  createdAt: Date;
  files: AttachmentView[];
}

export interface BreachView {
  id: number;
  tenant: TenantSummary;
  version: { id: number; title: string; titleEn: string | null; versionNo: number; kind: ConventionKind };
  clause: ClauseOption;
  occurredOn: string;
  description: string;
  status: BreachStatus;
  severity: BreachSeverity;
  /** Open: it takes responses and a decision. */
  open: boolean;
  rectifyBy: string | null;
  rectification: 'none' | 'due' | 'overdue';
  decision: { at: Date; on: string; by: { id: number; name: string } | null; reason: string } | null;
  recordedBy: { id: number; name: string } | null;
  createdAt: Date;
  files: AttachmentView[];
  responses: BreachResponseView[];
}

export interface BreachListItem {
  id: number;
  tenantId: number;
  tenantName: string;
  versionId: number;
  versionTitle: string;
  clauseNumber: string;
  occurredOn: string;
  status: BreachStatus;
  severity: BreachSeverity;
  rectifyBy: string | null;
  decidedOn: string | null;
  responses: number;
  createdAt: Date;
}

/** A row of the register's export. */
export interface BreachExportRow {
  id: number;
  tenantName: string;
  uscc: string;
  versionTitle: string;
  versionNo: number;
  clauseNumber: string;
  occurredOn: string;
  status: BreachStatus;
  severity: BreachSeverity;
  rectifyBy: string | null;
  decidedOn: string | null;
  decisionReason: string | null;
  description: string;
}

/** Reads of breaches: the clause choices, one breach with its files and responses, the register, and who may read evidence. */
@Injectable()
export class BreachesQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly files: FilesService,
    private readonly tenants: TenantsQueries,
    private readonly users: UsersQueries,
    private readonly i18n: I18nService,
  ) {}

  /** The clauses of the published versions the tenant is asked to sign, grouped by version (newest first). */
  async clauseOptions(tenantId: number): Promise<VersionClauses[]> {
    const versions = await this.dataSource.getRepository(ConventionVersionEntity).createQueryBuilder('v')
      .innerJoin(SigningObligationEntity, 'o', 'o.versionId = v.id AND o.tenantId = :tenantId', { tenantId })
      .innerJoinAndMapOne('v.convention', ConventionEntity, 'c', 'c.id = v.conventionId')
      .where("v.status = 'published'")
      .orderBy('v.publishedAt', 'DESC').addOrderBy('v.id', 'DESC')
      .getMany();
    if (!versions.length) return [];
    const clauses = await this.dataSource.getRepository(ConventionClauseEntity).find({
      where: { versionId: In(versions.map((v) => v.id)) }, order: { versionId: 'ASC', position: 'ASC' },
    });
    return versions.map((v) => ({
      versionId: v.id, title: v.title, titleEn: v.titleEn, versionNo: v.versionNo, kind: v.convention!.kind,
      clauses: clauses.filter((c) => c.versionId === v.id).map(toClauseOption),
    }));
  }

  /** The breach with its evidence and responses, for staff, regulators and the tenant's own officers. */
  async get(id: number, principal: Principal): Promise<BreachView> {
    const breach = await this.dataSource.getRepository(BreachEntity).findOneBy({ id });
    if (!breach) throw new NotFoundError();
    assertTenantAccess(principal, breach.tenantId);
    const [tenant, version, clause, responses] = await Promise.all([
      this.tenants.summary(breach.tenantId).then((x) => x!),
      this.dataSource.getRepository(ConventionVersionEntity).findOneOrFail({ where: { id: breach.versionId }, relations: { convention: true } }),
      this.dataSource.getRepository(ConventionClauseEntity).findOneByOrFail({ id: breach.clauseId }),
      this.dataSource.getRepository(BreachResponseEntity).find({ where: { breachId: id }, order: { id: 'ASC' } }),
    ]);
    const userIds = [...new Set([breach.recordedById, breach.decidedById, ...responses.map((r) => r.userId)].filter((u): u is number => u !== null))];
    const [names, evidence, responseFiles] = await Promise.all([
      this.users.names(userIds),
      this.files.listFor(BREACH_OWNER, [id]),
      this.files.listFor(BREACH_RESPONSE_OWNER, responses.map((r) => r.id)),
    ]);
    const userOf = (uid: number | null) => (uid !== null && names.has(uid) ? { id: uid, name: names.get(uid)! } : null);
    return {
      id: breach.id,
      tenant,
      version: { id: version.id, title: version.title, titleEn: version.titleEn, versionNo: version.versionNo, kind: version.convention!.kind },
      clause: toClauseOption(clause),
      occurredOn: breach.occurredOn,
      description: breach.description,
      status: breach.status,
      severity: breach.severity,
      open: isOpenBreach(breach.status),
      rectifyBy: breach.rectifyBy,
      rectification: rectificationState(breach.rectifyBy, breach.status, this.i18n.today()),
      decision: breach.decidedAt && breach.decidedOn
        ? { at: breach.decidedAt, on: breach.decidedOn, by: userOf(breach.decidedById), reason: breach.decisionReason ?? '' }
        : null,
      recordedBy: userOf(breach.recordedById),
      createdAt: breach.createdAt,
      files: evidence.map(toAttachmentView),
      responses: responses.map((r) => ({
        id: r.id, text: r.text, user: userOf(r.userId), createdAt: r.createdAt,
        files: responseFiles.filter((f) => f.ownerId === r.id).map(toAttachmentView),
      })),
    };
  }

  /** Staff and regulators: every breach, filtered by tenant name prefix, date range, status and severity, newest first. */
  async list(query: BreachQueryDto, onlyTenantId: number | null = null): Promise<Page<BreachListItem>> {
    const { page, pageSize, skip } = pageWindow(query);
    const qb = this.filtered(query, onlyTenantId);
    const total = await qb.clone().getCount();
    const rows = await qb
      .innerJoin(ConventionClauseEntity, 'cl', 'cl.id = b.clauseId')
      .innerJoin(ConventionVersionEntity, 'v', 'v.id = b.versionId')
      .addSelect('b.id', 'id').addSelect('b.tenantId', 'tenantId').addSelect('b.versionId', 'versionId')
      .addSelect('v.title', 'versionTitle').addSelect('cl.number', 'clauseNumber').addSelect('b.occurredOn', 'occurredOn')
      .addSelect('b.status', 'status').addSelect('b.severity', 'severity').addSelect('b.rectifyBy', 'rectifyBy').addSelect('b.decidedOn', 'decidedOn')
      .orderBy('b.occurredOn', 'DESC').addOrderBy('b.id', 'DESC')
      .offset(skip).limit(pageSize)
      .getRawMany<Record<string, unknown>>();
    const ids = rows.map((r) => Number(r.id));
    const [counts, breaches] = await Promise.all([
      this.responseCounts(ids),
      ids.length ? this.dataSource.getRepository(BreachEntity).find({ select: { id: true, createdAt: true }, where: { id: In(ids) } }) : Promise.resolve([]),
    ]);
    const created = new Map(breaches.map((b) => [b.id, b.createdAt]));
    const items = rows.map((r) => ({
      id: Number(r.id), tenantId: Number(r.tenantId), tenantName: this.tenants.fromRow(r, Number(r.tenantId), 't').name, versionId: Number(r.versionId),
      versionTitle: String(r.versionTitle), clauseNumber: String(r.clauseNumber), occurredOn: dateText(r.occurredOn),
      status: r.status as BreachStatus, severity: r.severity as BreachSeverity, rectifyBy: dateOrNull(r.rectifyBy), decidedOn: dateOrNull(r.decidedOn),
      responses: counts.get(Number(r.id)) ?? 0, createdAt: created.get(Number(r.id))!,
    }));
    return { items, total, page, pageSize };
  }

  /** The register's query: tenant (joined for its name), tenant-name prefix, occurrence dates, status and severity. */
  private filtered(query: BreachQueryDto, onlyTenantId: number | null) {
    const qb = this.tenants.join(this.dataSource.getRepository(BreachEntity).createQueryBuilder('b'), 'b.tenantId', 't');
    if (onlyTenantId !== null) qb.andWhere('b.tenantId = :onlyTenantId', { onlyTenantId });
    this.tenants.filter(qb, { q: query.q }, 't');
    if (query.from) qb.andWhere('b.occurredOn >= :from', { from: query.from });
    if (query.to) qb.andWhere('b.occurredOn <= :to', { to: query.to });
    if (query.status) qb.andWhere('b.status = :status', { status: query.status });
    if (query.severity) qb.andWhere('b.severity = :severity', { severity: query.severity });
    return qb;
  }

  /** The filtered register in the list's order (newest first), one keyset batch at a time. */
  batches(query: BreachQueryDto): AsyncGenerator<BreachExportRow[]> {
    return keysetBatches<BreachExportRow>(async ({ after, limit }) => {
      const qb = this.filtered(query, null)
        .innerJoin(ConventionClauseEntity, 'cl', 'cl.id = b.clauseId')
        .innerJoin(ConventionVersionEntity, 'v', 'v.id = b.versionId')
        .addSelect('b.id', 'id').addSelect('b.tenantId', 'tenantId').addSelect('v.title', 'versionTitle').addSelect('v.versionNo', 'versionNo')
        .addSelect('cl.number', 'clauseNumber').addSelect('b.occurredOn', 'occurredOn').addSelect('b.status', 'status')
        .addSelect('b.severity', 'severity').addSelect('b.rectifyBy', 'rectifyBy').addSelect('b.decidedOn', 'decidedOn')
        .addSelect('b.decisionReason', 'decisionReason').addSelect('b.description', 'description');
      if (after) whereAfter(qb, 'b.occurredOn', 'b.id', { key: after.occurredOn, id: after.id }, 'desc');
      const rows = await qb.orderBy('b.occurredOn', 'DESC').addOrderBy('b.id', 'DESC').limit(limit).getRawMany<Record<string, unknown>>();
      return rows.map((r) => {
        const tenant = this.tenants.fromRow(r, Number(r.tenantId), 't');
        return {
          id: Number(r.id), tenantName: tenant.name, uscc: tenant.uscc, versionTitle: String(r.versionTitle), versionNo: Number(r.versionNo),
          clauseNumber: String(r.clauseNumber), occurredOn: dateText(r.occurredOn), status: r.status as BreachStatus,
          severity: r.severity as BreachSeverity, rectifyBy: dateOrNull(r.rectifyBy), decidedOn: dateOrNull(r.decidedOn),
          decisionReason: r.decisionReason === null || r.decisionReason === undefined ? null : String(r.decisionReason), description: String(r.description),
        };
      });
    });
  }

  fileName(format: TabularFormat): string {
    return `breaches-${this.i18n.today()}.${format}`;
  }

  /** The filtered register as CSV or XLSX, streamed. */
  async write(format: TabularFormat, query: BreachQueryDto, locale: string, out: Writable): Promise<void> {
    const widths = { id: 8, tenant: 36, uscc: 20, version: 30, clause: 8, occurredOn: 12, severity: 8, status: 10, rectifyBy: 12, decidedOn: 12, reason: 40, description: 60 };
    const dates = new Set(['occurredOn', 'rectifyBy', 'decidedOn']);
    const columns: TableColumn[] = Object.entries(widths).map(([k, width]) => ({
      header: this.i18n.t(locale, `conventionsBreaches.export.${k}`), width, kind: dates.has(k) ? 'date' : 'text',
    }));
    await writeTable(format, {
      sheetName: this.i18n.t(locale, 'conventionsBreaches.export.sheet'),
      columns,
      rows: tableRows(this.batches(query), (r) => [
        String(r.id), r.tenantName, r.uscc, `${r.versionTitle} (${r.versionNo})`, r.clauseNumber, r.occurredOn,
        this.i18n.t(locale, `conventionsBreaches.severities.${r.severity}`), this.i18n.t(locale, `conventionsBreaches.statuses.${r.status}`),
        r.rectifyBy ?? '', r.decidedOn ?? '', r.decisionReason ?? '', r.description,
      ]),
    }, out);
  }

  private async responseCounts(breachIds: number[]): Promise<Map<number, number>> {
    if (!breachIds.length) return new Map();
    const rows = await this.dataSource.getRepository(BreachResponseEntity).createQueryBuilder('r')
      .select('r.breachId', 'breachId').addSelect('COUNT(*)', 'n')
      .where('r.breachId IN (:...breachIds)', { breachIds }).groupBy('r.breachId')
      .getRawMany<{ breachId: number | string; n: number | string }>();
    return new Map(rows.map((r) => [Number(r.breachId), Number(r.n)]));
  }

  /** Who may read a breach's evidence: staff, admins, regulators, and the officers of that tenant. */
  @AttachmentOwner(BREACH_OWNER)
  async canReadBreach(principal: Principal, breachId: number): Promise<boolean> {
    if (readsEveryTenant(principal)) return true;
    const breach = await this.dataSource.getRepository(BreachEntity).findOne({ select: { id: true, tenantId: true }, where: { id: breachId } });
    return !!breach && isOfficerOf(principal, breach.tenantId);
  }

  @AttachmentOwner(BREACH_RESPONSE_OWNER)
  async canReadResponse(principal: Principal, responseId: number): Promise<boolean> {
    if (readsEveryTenant(principal)) return true;
    const response = await this.dataSource.getRepository(BreachResponseEntity).findOne({ select: { id: true, tenantId: true }, where: { id: responseId } });
    return !!response && isOfficerOf(principal, response.tenantId);
  }

}

const dateOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : dateText(value));

function toClauseOption(c: ConventionClauseEntity): ClauseOption {
  return { id: c.id, number: c.number, category: c.category, customCategory: c.customCategory, textZh: c.textZh, textEn: c.textEn };
}

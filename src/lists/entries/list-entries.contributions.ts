import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Not, type FindOptionsWhere } from 'typeorm';
import { canReadTenant, isManager, isOfficerOf, isRegulator } from '../../accounts/domain/access-policy.js';
import { AuditSubjects, type AuditSubject } from '../../audit/audit-subjects.js';
import type { Principal } from '../../common/principal.js';
import { HomeSection } from '../../home/home-sections.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { Locale } from '../../i18n/messages/index.js';
import { AnnualResultsService } from '../../scoring/overview/annual-results.service.js';
import { HubPanel } from '../../tenants/hub-panels.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { ListEntryEntity } from '../entities/list-entry.entity.js';
import { ListCandidatesService } from './list-candidates.service.js';

const ID = /^[1-9]\d{0,9}$/;
/** Proposals shown on a home section; the count links to the whole list. */
const SHOWN = 5;

/**
 * What the lists contribute elsewhere: the audit log's (and the score explanation's) name of an entry,
 * the tenant hub's panel (its lists, pending proposals with the objection deadline, the way to repair),
 * and the home sections (regulators: proposals to decide; staff: candidates and proposals in their window).
 */
@Injectable()
export class ListEntriesContributions {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantsQueries,
    private readonly i18n: I18nService,
    private readonly candidates: ListCandidatesService,
    private readonly annual: AnnualResultsService,
  ) {}

  @AuditSubjects('list_entry')
  async subjects(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = ids.filter((id) => ID.test(id)).map(Number);
    if (!wanted.length) return new Map();
    const rows = await this.tenants.join(this.dataSource.getRepository(ListEntryEntity).createQueryBuilder('e').select([]), 'e.tenantId', 't')
      .addSelect('e.id', 'id').addSelect('e.list', 'list').where('e.id IN (:...ids)', { ids: wanted }).getRawMany<Record<string, unknown>>();
    return new Map(rows.map((r) => [String(r.id), {
      label: this.i18n.t(locale, 'listsEntries.auditSubject', { tenant: String(r.tName), list: this.i18n.t(locale, `listsEntries.lists.${String(r.list)}`), id: Number(r.id) }),
      link: `/lists/${Number(r.id)}`,
    }]));
  }

  @HubPanel({ partial: 'hub-lists', order: 35, half: true })
  async hub(tenantId: number, principal: Principal): Promise<Record<string, unknown> | null> {
    if (!canReadTenant(principal, tenantId)) return null;
    const rows = await this.dataSource.getRepository(ListEntryEntity).find({
      where: { tenantId, status: In(['proposed', 'active']) }, order: { id: 'DESC' }, take: 10,
    });
    return {
      tenantId,
      active: rows.filter((r) => r.status === 'active').map((r) => ({ id: r.id, list: r.list, startsOn: r.startsOn, plannedEndOn: r.plannedEndOn, repairable: r.list !== 'red' })),
      proposed: rows.filter((r) => r.status === 'proposed').map((r) => ({ id: r.id, list: r.list, objectionClosesOn: r.objectionClosesOn })),
      officer: isOfficerOf(principal, tenantId),
    };
  }

  @HomeSection({ partial: 'home-lists', order: 47 })
  async home(principal: Principal): Promise<Record<string, unknown> | null> {
    const today = this.i18n.today();
    const repo = this.dataSource.getRepository(ListEntryEntity);
    const proposals = async (where: FindOptionsWhere<ListEntryEntity>) => {
      const [count, rows] = await Promise.all([
        repo.countBy(where),
        this.tenants.join(repo.createQueryBuilder('e').select([]), 'e.tenantId', 't')
          .addSelect('e.id', 'id').addSelect('e.list', 'list').addSelect('e.objectionClosesOn', 'objectionClosesOn').addSelect('e.tenantId', 'tenantId')
          .where("e.status = 'proposed'").andWhere(isRegulator(principal) ? 'e.proposedById <> :me' : '1 = 1', { me: principal.userId })
          .orderBy('e.proposedAt', 'ASC').addOrderBy('e.id', 'ASC').limit(SHOWN).getRawMany<Record<string, unknown>>(),
      ]);
      return {
        count, more: count > rows.length,
        items: rows.map((r) => {
          const closes = r.objectionClosesOn == null ? null : String(r.objectionClosesOn).slice(0, 10);
          return { id: Number(r.id), list: String(r.list), tenantName: String(r.tName), objectionClosesOn: closes, ready: closes === null || closes < today };
        }),
      };
    };
    if (isRegulator(principal)) {
      return { regulator: true, ...(await proposals({ status: 'proposed', proposedById: Not(principal.userId) })) };
    }
    if (!isManager(principal)) return null;
    const [mine, black, watch, year] = await Promise.all([
      proposals({ status: 'proposed' }),
      this.candidates.candidates('black', { pageSize: 1 }), this.candidates.candidates('watch', { pageSize: 1 }), this.annual.lastPublishedYear(),
    ]);
    const red = year === null ? 0 : (await this.annual.candidateCount(year)).count;
    return { regulator: false, ...mine, candidates: { red, black: black.total, watch: watch.total } };
  }
}

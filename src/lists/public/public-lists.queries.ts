import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { pageWindow, type Page } from '../../common/pagination.js';
import { dateText } from '../../database/raw-sql.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { ListEntryEntity } from '../entities/list-entry.entity.js';
import { ListRuleEntity } from '../entities/list-rule.entity.js';
import { RepairRuleEntity } from '../entities/repair-rule.entity.js';
import type { PublicListQueryDto } from './dto/public-list-query.dto.js';
import { publicEntryOf, rulesInForce, type PublicList, type PublicListEntry, type SchemeListRule } from './public-disclosure.rules.js';

export interface PublicListPage extends Page<PublicListEntry> {
  list: PublicList;
  /** The park day the list is shown for. */
  asOf: string;
}

/** A repair rule as the scheme page reads it. */
export interface SchemeRepairRule {
  subject: string;
  needsTraining: boolean;
  replyWorkingDays: number;
  decisionWorkingDays: number;
}

/**
 * Reads of the public pages: a public list on a park day (active entries only, filtered, searched and
 * paginated in SQL, the newest first), and the list and repair rules in force. Only the public
 * fields are selected, so reasons, records and decisions never leave the database on these paths.
 */
@Injectable()
export class PublicListsQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly tenants: TenantsQueries) {}

  /** The entries on the public lists on `day` (the conditions of isPubliclyListed: active, started, neither past its planned end nor ended). */
  private onList(list: PublicList, day: string) {
    return this.dataSource.getRepository(ListEntryEntity).createQueryBuilder('e').select([])
      .where('e.list = :list', { list })
      .andWhere("e.status = 'active'")
      .andWhere('e.endKind IS NULL')
      .andWhere('e.startsOn <= :day', { day })
      .andWhere('e.plannedEndOn > :day', { day })
      .andWhere('(e.endedOn IS NULL OR e.endedOn > :day)', { day });
  }

  /** How many tenants each public list holds on `day`. */
  async counts(day: string): Promise<Record<PublicList, number>> {
    const [red, black] = await Promise.all([this.onList('red', day).getCount(), this.onList('black', day).getCount()]);
    return { red, black };
  }

  async list(list: PublicList, query: PublicListQueryDto, day: string): Promise<PublicListPage> {
    const { page, pageSize, skip } = pageWindow(query);
    const filtered = () => {
      const qb = this.onList(list, day);
      this.tenants.join(qb, 'e.tenantId', 't');
      if (query.q) this.tenants.filter(qb, { q: query.q }, 't');
      return qb;
    };
    const [total, rows] = await Promise.all([
      filtered().getCount(),
      filtered()
        .addSelect('e.id', 'id').addSelect('e.tenantId', 'tenantId').addSelect('e.legalBasis', 'legalBasis')
        .addSelect('e.startsOn', 'startsOn').addSelect('e.plannedEndOn', 'plannedEndOn')
        .orderBy('e.startsOn', 'DESC').addOrderBy('e.id', 'DESC')
        .offset(skip).limit(pageSize)
        .getRawMany<Record<string, unknown>>(),
    ]);
    const items = rows.map((r) => {
      const tenant = this.tenants.fromRow(r, Number(r.tenantId), 't');
      return publicEntryOf({
        name: tenant.name, uscc: tenant.uscc, list, legalBasis: String(r.legalBasis ?? ''), startsOn: dateText(r.startsOn), plannedEndOn: dateText(r.plannedEndOn),
      });
    });
    return { list, asOf: day, items, total, page, pageSize };
  }

  /** The list rules in force on `day` (red, black, watch). */
  async listRules(day: string): Promise<SchemeListRule[]> {
    const rows = await this.dataSource.getRepository(ListRuleEntity).createQueryBuilder('r')
      .where('r.effectiveFrom <= :day', { day }).orderBy('r.effectiveFrom', 'DESC').getMany();
    return rulesInForce(rows.map((r) => ({ ...r, effectiveFrom: dateText(r.effectiveFrom) })), day).map((r) => ({
      list: r.list, effectiveFrom: r.effectiveFrom, durationMonths: r.durationMonths, earlyExitAfterMonths: r.earlyExitAfterMonths,
      objectionWorkingDays: r.objectionWorkingDays, repairAfterMonths: r.repairAfterMonths, repairNeedsTraining: Boolean(r.repairNeedsTraining), legalBasis: r.legalBasis,
    }));
  }

  /** The repair rules in force on `day`, one per kind of record. */
  async repairRules(day: string): Promise<SchemeRepairRule[]> {
    const rows = await this.dataSource.getRepository(RepairRuleEntity).createQueryBuilder('r')
      .where('r.effectiveFrom <= :day', { day }).orderBy('r.effectiveFrom', 'DESC').addOrderBy('r.id', 'DESC').getMany();
    const seen = new Map<string, SchemeRepairRule>();
    for (const r of rows) {
      if (!seen.has(r.subject)) seen.set(r.subject, { subject: r.subject, needsTraining: Boolean(r.needsTraining), replyWorkingDays: r.replyWorkingDays, decisionWorkingDays: r.decisionWorkingDays });
    }
    const order = ['finding_minor', 'finding_general', 'finding_serious', 'black', 'watch'];
    return [...seen.values()].sort((a, b) => order.indexOf(a.subject) - order.indexOf(b.subject));
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { chunk } from '../../common/chunk.js';
import { dateText } from '../../database/raw-sql.js';
import type { Rulebook } from '../../scoring/domain/rulebook.js';
import type { ScoreFact } from '../../scoring/domain/score-fact.js';
import { FactSource } from '../../scoring/facts/fact-source.js';
import { onListOn } from '../domain/list-periods.rules.js';
import type { ListKind } from '../domain/list-kinds.js';
import { ListEntryEntity } from '../entities/list-entry.entity.js';

/** Tenants per IN (…) list. */
const CHUNK = 5000;

/** The score rule of each list that has one: the red list P12 (+5), the black list N09 (−30, and grade D by the rulebook's override). */
const RULE_OF_LIST: Partial<Record<ListKind, string>> = { red: 'P12', black: 'N09' };

/**
 * The lists' score facts for many tenants as of a park day, set-based: per 5,000 tenants one query over
 * (tenantId, status) for the red and black entries on the list that day (started on or before it, not
 * yet ended, actually or as planned: domain/list-periods.rules.ts `onListOn`). One fact per entry,
 * recordType `list_entry`, dated its start.
 */
@Injectable()
export class ListFactsSource {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @FactSource({ name: 'lists', rules: ['P12', 'N09'] })
  async factsFor(tenantIds: readonly number[], asOf: string, _rulebook: Rulebook): Promise<Map<number, ScoreFact[]>> {
    const ids = [...new Set(tenantIds)];
    const out = new Map<number, ScoreFact[]>(ids.map((id) => [id, []]));
    for (const part of chunk(ids, CHUNK)) {
      const rows = await this.dataSource.getRepository(ListEntryEntity).createQueryBuilder('e')
        .select('e.id', 'id').addSelect('e.tenantId', 'tenantId').addSelect('e.list', 'list').addSelect('e.status', 'status')
        .addSelect('e.startsOn', 'startsOn').addSelect('e.plannedEndOn', 'plannedEndOn').addSelect('e.endedOn', 'endedOn').addSelect('e.legalBasis', 'legalBasis')
        .where('e.tenantId IN (:...part)', { part })
        .andWhere("e.status IN ('active', 'ended')").andWhere("e.list IN ('red', 'black')")
        .andWhere('e.startsOn <= :asOf', { asOf })
        .andWhere(new Brackets((w) => w.where('e.endedOn > :asOf', { asOf }).orWhere('e.endedOn IS NULL AND e.plannedEndOn > :asOf', { asOf })))
        .getRawMany<Record<string, unknown>>();
      for (const r of rows) {
        const entry = {
          status: String(r.status), startsOn: r.startsOn == null ? null : dateText(r.startsOn),
          plannedEndOn: r.plannedEndOn == null ? null : dateText(r.plannedEndOn), endedOn: r.endedOn == null ? null : dateText(r.endedOn),
        };
        const rule = RULE_OF_LIST[r.list as ListKind];
        if (!rule || !onListOn(entry, asOf)) continue;
        out.get(Number(r.tenantId))?.push({
          rule, recordType: 'list_entry', recordId: Number(r.id), date: entry.startsOn!,
          detail: { list: String(r.list), plannedEndOn: entry.endedOn ?? entry.plannedEndOn, legalBasis: String(r.legalBasis ?? '') },
        });
      }
    }
    return out;
  }
}

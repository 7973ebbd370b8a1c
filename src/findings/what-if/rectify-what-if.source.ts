import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dateText } from '../../database/raw-sql.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { Locale } from '../../i18n/messages/index.js';
import { windowMonths, type Rulebook } from '../../scoring/domain/rulebook.js';
import type { ScoreFact } from '../../scoring/domain/score-fact.js';
import { WhatIfSource, type WhatIfOption } from '../../scoring/what-if/what-if-source.js';
import { FindingsService } from '../core/findings.service.js';
import { rectifyWhatIf, type FactFinding } from '../domain/finding-facts.rules.js';
import type { FindingSeverity, FindingType, RectificationStatus } from '../domain/finding-kinds.js';
import { FindingRectificationEntity } from '../entities/finding-rectification.entity.js';
import { FindingEntity } from '../entities/finding.entity.js';

const dateOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : dateText(v));
const flag = (v: unknown): boolean | null => (v === null || v === undefined ? null : v === true || v === 1 || v === '1');

/**
 * What-if for the findings pillar: "rectify" each finding of the tenant whose rectification is open
 * or awaiting verification. Two queries for one tenant (the findings with the columns the facts
 * read, and the pending evidence's submission dates); what verification that day would change is
 * decided by the findings rules (rectifyWhatIf, through findingFacts).
 */
@Injectable()
export class RectifyWhatIfSource {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly findings: FindingsService, private readonly i18n: I18nService) {}

  @WhatIfSource({ name: 'findings' })
  async options(tenantId: number, asOf: string, rulebook: Rulebook, _facts: readonly ScoreFact[], locale: Locale): Promise<WhatIfOption[]> {
    const qb = this.dataSource.getRepository(FindingEntity).createQueryBuilder('f').select('f.id', 'id');
    for (const c of ['departmentId', 'type', 'severity', 'title', 'decisionNo', 'decisionDate', 'publicityEndsOn', 'repairedOn',
      'rectificationRequired', 'rectifyBy', 'rectificationStatus', 'rectifiedOn', 'verifiedOn', 'substantiated', 'endedOn']) qb.addSelect(`f.${c}`, c);
    const rows = await qb
      .where('f.tenantId = :tenantId', { tenantId })
      .andWhere('f.rectificationStatus IN (:...statuses)', { statuses: ['open', 'submitted'] })
      .andWhere('f.decisionDate <= :asOf', { asOf })
      .orderBy('f.rectifyBy', 'ASC').addOrderBy('f.id', 'ASC')
      .getRawMany<Record<string, unknown>>();
    if (!rows.length) return [];
    const submittedIds = rows.filter((r) => r.rectificationStatus === 'submitted').map((r) => Number(r.id));
    const pending = new Map<number, string>();
    if (submittedIds.length) {
      const evidence = await this.dataSource.getRepository(FindingRectificationEntity).createQueryBuilder('r')
        .select('r.findingId', 'findingId').addSelect('MAX(r.submittedOn)', 'submittedOn')
        .where('r.findingId IN (:...submittedIds)', { submittedIds }).andWhere('r.decision IS NULL')
        .groupBy('r.findingId')
        .getRawMany<{ findingId: number | string; submittedOn: unknown }>();
      for (const e of evidence) pending.set(Number(e.findingId), dateText(e.submittedOn));
    }
    const departments = await this.findings.departmentsById();
    const windows = { P03: windowMonths(rulebook, 'P03'), P05: windowMonths(rulebook, 'P05'), N08: windowMonths(rulebook, 'N08') };
    const options: WhatIfOption[] = [];
    for (const r of rows) {
      const f: FactFinding = {
        id: Number(r.id), tenantId, type: r.type as FindingType, severity: r.severity as FindingSeverity, title: String(r.title), decisionNo: String(r.decisionNo),
        department: departments.get(Number(r.departmentId))?.code ?? String(r.departmentId),
        decisionDate: dateText(r.decisionDate), publicityEndsOn: dateText(r.publicityEndsOn), repairedOn: dateOrNull(r.repairedOn),
        rectificationRequired: flag(r.rectificationRequired) === true, rectifyBy: dateOrNull(r.rectifyBy), rectificationStatus: r.rectificationStatus as RectificationStatus,
        rectifiedOn: dateOrNull(r.rectifiedOn), verifiedOn: dateOrNull(r.verifiedOn), pendingSubmittedOn: pending.get(Number(r.id)) ?? null,
        substantiated: flag(r.substantiated),
        endedOn: dateOrNull(r.endedOn),
      };
      const change = rectifyWhatIf(f, asOf, windows);
      if (!change) continue;
      const key = f.rectificationStatus === 'submitted' ? 'findingsRectification.whatIf.verify' : 'findingsRectification.whatIf.rectify';
      options.push({
        key: `findings:finding:${f.id}`,
        action: 'rectify',
        label: this.i18n.t(locale, key, { title: f.title, decisionNo: f.decisionNo, rectifyBy: f.rectifyBy }),
        link: `/findings/${f.id}/rectification`,
        source: { type: 'finding', id: f.id },
        remove: change.remove,
        add: change.add,
      });
    }
    return options;
  }
}

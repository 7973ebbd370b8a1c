import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dateText, toDate } from '../../database/raw-sql.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { Locale } from '../../i18n/messages/index.js';
import type { Rulebook } from '../../scoring/domain/rulebook.js';
import type { ScoreFact } from '../../scoring/domain/score-fact.js';
import { WhatIfSource, type WhatIfOption } from '../../scoring/what-if/what-if-source.js';
import { signingWhatIf, type FactVersion } from '../domain/convention-facts.rules.js';
import type { ConventionKind } from '../domain/convention.rules.js';
import type { ObligationStatus } from '../domain/obligation-status.rules.js';
import { ConventionVersionEntity } from '../entities/convention-version.entity.js';
import { ConventionEntity } from '../entities/convention.entity.js';
import { SignatureEntity } from '../entities/signature.entity.js';
import { SigningObligationEntity } from '../entities/signing-obligation.entity.js';

/**
 * What-if for the conventions pillar: "sign" each open signing obligation of the tenant (a version
 * current on the date, the obligation active, not signed by then). One query for the tenant's
 * obligations of published versions with their signatures; what signing would change is decided by
 * the conventions rules (signingWhatIf).
 */
@Injectable()
export class SigningWhatIfSource {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly i18n: I18nService) {}

  @WhatIfSource({ name: 'conventions' })
  async options(tenantId: number, asOf: string, _rulebook: Rulebook, facts: readonly ScoreFact[], locale: Locale): Promise<WhatIfOption[]> {
    const timeZone = this.i18n.timeZone;
    const onFile = facts.some((f) => f.rule === 'D01');
    const rows = await this.dataSource.getRepository(SigningObligationEntity).createQueryBuilder('o')
      .innerJoin(ConventionVersionEntity, 'v', 'v.id = o.versionId')
      .innerJoin(ConventionEntity, 'c', 'c.id = v.conventionId')
      .leftJoin(SignatureEntity, 's', 's.id = o.signatureId')
      .select('o.id', 'id').addSelect('o.versionId', 'versionId').addSelect('o.deadline', 'deadline').addSelect('o.status', 'status')
      .addSelect('v.title', 'title').addSelect('v.titleEn', 'titleEn').addSelect('v.publishedAt', 'publishedAt').addSelect('v.supersededAt', 'supersededAt')
      .addSelect('c.kind', 'kind').addSelect('s.signedAt', 'signedAt')
      .where('o.tenantId = :tenantId', { tenantId })
      .andWhere("o.status = 'active'")
      .andWhere('v.status IN (:...statuses)', { statuses: ['published', 'superseded'] })
      .orderBy('o.deadline', 'ASC').addOrderBy('o.id', 'ASC')
      .getRawMany<Record<string, unknown>>();
    const options: WhatIfOption[] = [];
    for (const r of rows) {
      const version: FactVersion = {
        id: Number(r.versionId), kind: r.kind as ConventionKind, title: String(r.title),
        publishedAt: r.publishedAt == null ? null : toDate(r.publishedAt), supersededAt: r.supersededAt == null ? null : toDate(r.supersededAt),
      };
      const obligation = {
        id: Number(r.id), tenantId, versionId: version.id, deadline: dateText(r.deadline), status: r.status as ObligationStatus,
        signedOn: r.signedAt == null ? null : this.i18n.formatDate(toDate(r.signedAt)),
      };
      const change = signingWhatIf(obligation, version, asOf, timeZone, onFile);
      if (!change) continue;
      const title = locale === 'en' && r.titleEn ? String(r.titleEn) : version.title;
      const late = obligation.deadline < asOf;
      options.push({
        key: `conventions:obligation:${obligation.id}`,
        action: 'sign',
        label: this.i18n.t(locale, late ? 'conventionsSigning.whatIf.signLate' : 'conventionsSigning.whatIf.sign', { title, deadline: obligation.deadline }),
        link: `/conventions/obligations/${obligation.id}`,
        source: { type: 'obligation', id: obligation.id },
        remove: change.remove,
        add: change.add,
      });
    }
    return options;
  }
}

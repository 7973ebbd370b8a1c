import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { canReadTenant, isManager, isOfficerOf } from '../../accounts/domain/access-policy.js';
import type { Principal } from '../../common/principal.js';
import { dateText } from '../../database/raw-sql.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { HubPanel } from '../../tenants/hub-panels.js';
import { obligationState, type ConventionKind, type ObligationState } from '../domain/convention.rules.js';
import { BreachEntity } from '../entities/breach.entity.js';
import { ConventionClauseEntity } from '../entities/convention-clause.entity.js';
import { ConventionVersionEntity } from '../entities/convention-version.entity.js';
import { ConventionEntity } from '../entities/convention.entity.js';
import { SigningObligationEntity } from '../entities/signing-obligation.entity.js';

/** Breaches shown on the tenant hub; the full list is the staff list filtered by tenant. */
const HUB_BREACHES = 20;

export interface HubObligation {
  obligationId: number;
  versionId: number;
  title: string;
  titleEn: string | null;
  kind: ConventionKind;
  deadline: string;
  state: ObligationState;
  signatureId: number | null;
  link: string | null;
}

/** The conventions panel of the tenant hub: the versions the tenant must sign with their state, and its breaches. */
@Injectable()
export class ConventionsHubQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly i18n: I18nService) {}

  /** Three queries, whatever the numbers. */
  @HubPanel({ partial: 'hub-conventions', order: 10 })
  async panel(tenantId: number, principal: Principal): Promise<Record<string, unknown> | null> {
    if (!canReadTenant(principal, tenantId)) return null;
    const today = this.i18n.today();
    const [obligations, breaches, breachCount] = await Promise.all([
      this.dataSource.getRepository(SigningObligationEntity).createQueryBuilder('o')
        .innerJoinAndMapOne('o.version', ConventionVersionEntity, 'v', "v.id = o.versionId AND v.status = 'published'")
        .innerJoinAndMapOne('v.convention', ConventionEntity, 'c', 'c.id = v.conventionId')
        .where('o.tenantId = :tenantId', { tenantId })
        .orderBy('v.publishedAt', 'DESC').addOrderBy('o.id', 'DESC')
        .getMany(),
      this.dataSource.getRepository(BreachEntity).createQueryBuilder('b')
        .innerJoin(ConventionClauseEntity, 'cl', 'cl.id = b.clauseId')
        .select('b.id', 'id').addSelect('b.occurredOn', 'occurredOn').addSelect('cl.number', 'clauseNumber')
        .addSelect('b.status', 'status').addSelect('b.severity', 'severity').addSelect('b.rectifyBy', 'rectifyBy')
        .where('b.tenantId = :tenantId', { tenantId })
        .orderBy('b.occurredOn', 'DESC').addOrderBy('b.id', 'DESC')
        .limit(HUB_BREACHES)
        .getRawMany<Record<string, unknown>>(),
      this.dataSource.getRepository(BreachEntity).countBy({ tenantId }),
    ]);
    const ownOfficer = isOfficerOf(principal, tenantId);
    const versions: HubObligation[] = obligations.map((o) => ({
      obligationId: o.id, versionId: o.versionId, title: o.version!.title, titleEn: o.version!.titleEn, kind: o.version!.convention!.kind,
      deadline: o.deadline, state: obligationState(o.signatureId !== null, o.deadline, today, o.status), signatureId: o.signatureId,
      // Only an obligation that applies asks to be signed.
      link: o.signatureId !== null ? `/conventions/signatures/${o.signatureId}` : ownOfficer && o.status === 'active' ? `/conventions/obligations/${o.id}` : null,
    }));
    return {
      tenantId,
      versions,
      breaches: breaches.map((b) => ({
        id: Number(b.id), occurredOn: dateText(b.occurredOn), clauseNumber: String(b.clauseNumber),
        status: String(b.status), severity: String(b.severity), rectifyBy: b.rectifyBy == null ? null : dateText(b.rectifyBy),
        // A deadline still to meet: the breach is not withdrawn and the date has passed.
        rectifyOverdue: b.rectifyBy != null && b.status !== 'withdrawn' && dateText(b.rectifyBy) < today,
      })),
      breachCount,
      moreBreaches: breachCount > breaches.length,
      canRecord: isManager(principal),
    };
  }
}

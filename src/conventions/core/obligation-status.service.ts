import { Injectable } from '@nestjs/common';
import { In, IsNull, Not, type EntityManager } from 'typeorm';
import { UsersQueries } from '../../accounts/users.queries.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { NotificationsService, type NoticeInput } from '../../notifications/notifications.service.js';
import { OnTenantStatusChanged, type StatusConsequence, type TenantStatusChange } from '../../tenants/tenant-hooks.js';
import { daysUntil, signingDeadline, zoneDate } from '../domain/convention.rules.js';
import { needsFreshDeadline, obligationSubject, obligationTransitions, type ObligationStatus } from '../domain/obligation-status.rules.js';
import { ConventionVersionEntity } from '../entities/convention-version.entity.js';
import { SigningObligationEntity } from '../entities/signing-obligation.entity.js';
import { chunk } from '../../common/chunk.js';

/** Ids per IN (…) list: well under every driver's bound-parameter limit. */
const CHUNK = 500;


/** Catalogue keys of what a tenant status change does to obligations, by the status they take. */
const CONSEQUENCE_KEYS: Partial<Record<ObligationStatus, string>> = {
  active: 'conventionsSigning.statusConsequences.resumed',
  paused: 'conventionsSigning.statusConsequences.paused',
  cancelled: 'conventionsSigning.statusConsequences.cancelled',
};

/**
 * Whether signing obligations apply: they follow the tenant's status (the rules in
 * domain/obligation-status.rules.ts) and are superseded by a newer version. An obligation that stops
 * applying takes its notices off the bell (NotificationsService.retire).
 */
@Injectable()
export class ObligationStatusService {
  constructor(private readonly i18n: I18nService, private readonly notifications: NotificationsService, private readonly users: UsersQueries) {}

  /**
   * Unsigned obligations of versions in force follow their tenants; with `apply: false` only counted.
   * The officers of a tenant whose obligations resume are told the new deadline once it has committed.
   */
  @OnTenantStatusChanged('conventions: pause, cancel or resume signing obligations')
  async followTenants(m: EntityManager, change: TenantStatusChange): Promise<StatusConsequence[]> {
    const published = await m.getRepository(ConventionVersionEntity).find({
      select: { id: true, signingPeriodDays: true, title: true, versionNo: true }, where: { status: 'published' },
    });
    if (!published.length || !change.tenantIds.length) return [];
    const periodOf = new Map(published.map((v) => [v.id, v.signingPeriodDays]));
    const counts = new Map<ObligationStatus, number>();
    const resumed: { id: number; tenantId: number; version: ConventionVersionEntity; deadline: string }[] = [];
    for (const { from, to } of obligationTransitions(change.status)) {
      for (const tenantIds of chunk(change.tenantIds, CHUNK)) {
        const rows = await m.getRepository(SigningObligationEntity).find({
          select: { id: true, versionId: true, tenantId: true },
          where: { tenantId: In(tenantIds), versionId: In([...periodOf.keys()]), status: from, signatureId: IsNull() },
        });
        if (!rows.length) continue;
        counts.set(to, (counts.get(to) ?? 0) + rows.length);
        if (!change.apply) continue;
        if (needsFreshDeadline(from, to)) {
          for (const [versionId, period] of periodOf) {
            const own = rows.filter((r) => r.versionId === versionId);
            if (!own.length) continue;
            const deadline = signingDeadline(change.now, period, this.i18n.timeZone);
            await m.getRepository(SigningObligationEntity).update({ id: In(own.map((r) => r.id)) }, { status: to, deadline, overdueNotifiedOn: null });
            const version = published.find((v) => v.id === versionId)!;
            resumed.push(...own.map((r) => ({ id: r.id, tenantId: r.tenantId, version, deadline })));
          }
        } else {
          await this.close(m, rows.map((r) => r.id), to);
        }
      }
    }
    if (resumed.length && change.afterCommit) await this.noticeResumed(m, change.afterCommit, resumed, change.now);
    return [...counts].flatMap(([status, count]) => {
      const key = CONSEQUENCE_KEYS[status];
      return key ? [{ key, params: { count } }] : [];
    });
  }

  /** "Please sign, by <new deadline>" to the officers of tenants whose obligations resumed. */
  private async noticeResumed(
    m: EntityManager, afterCommit: NonNullable<TenantStatusChange['afterCommit']>,
    resumed: readonly { id: number; tenantId: number; version: ConventionVersionEntity; deadline: string }[], now: Date,
  ): Promise<void> {
    const today = zoneDate(now, this.i18n.timeZone);
    const officers = await this.users.officersOf([...new Set(resumed.map((r) => r.tenantId))], m);
    const notices: NoticeInput[] = resumed.map((r) => ({
      userIds: officers.get(r.tenantId) ?? [],
      template: 'signing-reminder',
      params: { title: r.version.title, deadline: r.deadline, versionNo: r.version.versionNo, days: daysUntil(r.deadline, today) },
      link: '/conventions/my',
      dedupeKey: `sign-resumed:${r.id}:${r.deadline}`,
      subject: obligationSubject(r.id),
    }));
    await this.notifications.notify(m, afterCommit, notices);
  }

  /** Publishing a version closes the open obligations of the versions it replaces; returns how many. */
  async supersede(m: EntityManager, versionIds: readonly number[]): Promise<number> {
    if (!versionIds.length) return 0;
    const ids = (await m.getRepository(SigningObligationEntity).find({
      select: { id: true }, where: { versionId: In([...versionIds]), signatureId: IsNull(), status: Not('superseded') },
    })).map((o) => o.id);
    for (const part of chunk(ids, CHUNK)) await this.close(m, part, 'superseded');
    return ids.length;
  }

  /**
   * A signed obligation needs no more reminding, nor do the tenant's unsigned obligations of earlier
   * versions of the same convention (superseded already when the new one was published; this also
   * closes any left open).
   */
  async signed(m: EntityManager, obligation: SigningObligationEntity, version: ConventionVersionEntity): Promise<void> {
    const earlier = await m.getRepository(SigningObligationEntity).createQueryBuilder('o')
      .innerJoin(ConventionVersionEntity, 'v', 'v.id = o.versionId')
      .select('o.id', 'id')
      .where('o.tenantId = :tenantId AND o.signatureId IS NULL AND o.status <> :superseded', { tenantId: obligation.tenantId, superseded: 'superseded' })
      .andWhere('v.conventionId = :conventionId AND v.versionNo < :versionNo', { conventionId: version.conventionId, versionNo: version.versionNo })
      .getRawMany<{ id: number | string }>();
    if (earlier.length) await this.close(m, earlier.map((r) => Number(r.id)), 'superseded');
    await this.notifications.retire(m, [obligationSubject(obligation.id)]);
  }

  private async close(m: EntityManager, ids: readonly number[], status: ObligationStatus): Promise<void> {
    if (!ids.length) return;
    await m.getRepository(SigningObligationEntity).update({ id: In([...ids]) }, { status });
    await this.notifications.retire(m, ids.map(obligationSubject));
  }
}

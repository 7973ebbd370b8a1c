import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { hiddenFrom, isOfficerOf } from '../../accounts/domain/access-policy.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, NotFoundError, ValidationFailedError, type FieldProblems } from '../../common/errors/domain-error.js';
import type { Actor, Principal } from '../../common/principal.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { TenantsQueries, type TenantSummary } from '../../tenants/tenants.queries.js';
import { CreditStatusService, type TenantCreditStatus } from '../core/credit-status.service.js';
import type { ClaimStatus } from '../domain/list-kinds.js';
import {
  claimRefusal, claimTransition, IN_FORCE_RESTRICTION_STATUSES, measureDraftProblems, OPEN_CLAIM_STATUSES, restrictionRefusal, unmetConditions,
  type ClaimEvent, type MeasureEligibility,
} from '../domain/measure-eligibility.rules.js';
import { CheckPurposeEntity } from '../entities/check-purpose.entity.js';
import { CreditMeasureEntity } from '../entities/credit-measure.entity.js';
import { MeasureClaimEntity } from '../entities/measure-claim.entity.js';
import type { ApplyRestrictionDto, ClaimMeasureDto, CreateMeasureDto, DecideClaimDto, DeliverClaimDto, LiftRestrictionDto, MeasureFieldsDto } from './dto/incentives.dto.js';
import { MeasuresCatalogueService, type CatalogueMeasure } from './measures-catalogue.service.js';

/** A staff notice about a claim to decide; it leaves the bells once the claim is decided or withdrawn. */
export const claimSubject = (claimId: number) => `measure-claim:${claimId}`;

/** One unmet condition of a measure, in words the page and the API give: code plus what it asks and what the tenant has. */
export interface UnmetCondition {
  code: string;
  params: Record<string, string | number>;
}

/** A claimable incentive as a tenant sees it: may it claim now, and if not, why. */
export interface Offer {
  measure: CatalogueMeasure;
  eligible: boolean;
  unmet: UnmetCondition[];
  /** The tenant's open claim of it (claimed or approved), if any. */
  openClaimId: number | null;
}

/** Why each condition fails, with what it asks and what the tenant has (for the page's words). */
export function unmetOf(e: MeasureEligibility, s: TenantCreditStatus): UnmetCondition[] {
  return unmetConditions(e, s).map((code): UnmetCondition => {
    if (code === 'lists') return { code, params: { lists: (e.lists ?? []).join(','), has: s.lists.join(',') } };
    if (code === 'grade') return { code, params: { min: e.minGrade ?? '', grade: s.grade ?? '' } };
    return { code, params: { count: s.openFindings } };
  });
}

const CLAIM_EVENTS: Record<ClaimEvent, { action: string }> = {
  approve: { action: 'measureClaim.approve' }, reject: { action: 'measureClaim.reject' }, deliver: { action: 'measureClaim.deliver' },
  withdraw: { action: 'measureClaim.withdraw' }, lift: { action: 'measureClaim.lift' },
};

const measureAudit = (m: CreditMeasureEntity) => ({
  code: m.code, kind: m.kind, category: m.category, titleZh: m.titleZh, titleEn: m.titleEn, descriptionZh: m.descriptionZh, descriptionEn: m.descriptionEn,
  purposes: m.purposes, claimable: m.claimable, eligibility: m.eligibility, validFrom: m.validFrom, validTo: m.validTo, active: m.active,
});

/**
 * 信易+ (credit as an asset): the admin-kept catalogue of incentives and restrictions, tenants' claims of
 * the claimable incentives they are eligible for (CreditStatusService + measure-eligibility.rules), park
 * staff's decisions and the record of what was delivered, and the restrictions staff apply to
 * black-listed tenants and lift. Every step is audited ('credit_measure', 'measure_claim') and told.
 */
@Injectable()
export class IncentivesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly i18n: I18nService,
    private readonly tenants: TenantsQueries,
    private readonly users: UsersQueries,
    private readonly status: CreditStatusService,
    private readonly catalogue: MeasuresCatalogueService,
  ) {}

  /** The tenant an officer acts for: their own, bound and not moved out (403 otherwise). */
  actingTenant(principal: Principal): Promise<TenantSummary> {
    return this.tenants.actingTenant(principal, { notBound: 'incentives.notBound', movedOut: 'incentives.movedOut' });
  }

  /** The claimable incentives in force today with the tenant's eligibility for each (one status read, one claims read). */
  async offers(tenantId: number): Promise<{ status: TenantCreditStatus; offers: Offer[] }> {
    const today = this.i18n.today();
    const [measures, statuses, open] = await Promise.all([
      this.catalogue.active(today),
      this.status.statusOf([tenantId], today),
      this.dataSource.getRepository(MeasureClaimEntity).find({ select: { id: true, measureId: true }, where: { tenantId, status: In([...OPEN_CLAIM_STATUSES]) } }),
    ]);
    const status = statuses.get(tenantId)!;
    const openOf = new Map(open.map((c) => [c.measureId, c.id]));
    const offers = measures.filter((m) => m.kind === 'incentive' && m.claimable).map((measure): Offer => {
      const unmet = unmetOf(measure.eligibility, status);
      return { measure, eligible: !unmet.length, unmet, openClaimId: openOf.get(measure.id) ?? null };
    });
    return { status, offers };
  }

  /** The restrictions in force today a tenant meets (those staff could apply), with whether each is applied already. */
  async applicableRestrictions(tenantId: number): Promise<{ status: TenantCreditStatus; restrictions: { measure: CatalogueMeasure; applies: boolean; appliedClaimId: number | null }[] }> {
    const today = this.i18n.today();
    const [measures, statuses, applied] = await Promise.all([
      this.catalogue.active(today),
      this.status.statusOf([tenantId], today),
      this.dataSource.getRepository(MeasureClaimEntity).find({ select: { id: true, measureId: true }, where: { tenantId, status: In([...IN_FORCE_RESTRICTION_STATUSES]) } }),
    ]);
    const status = statuses.get(tenantId)!;
    const appliedOf = new Map(applied.map((c) => [c.measureId, c.id]));
    return {
      status,
      restrictions: measures.filter((m) => m.kind === 'restriction').map((measure) => ({
        measure, applies: unmetConditions(measure.eligibility, status).length === 0, appliedClaimId: appliedOf.get(measure.id) ?? null,
      })),
    };
  }

  /** The claim as `principal` may see it: another tenant's looks missing to an officer. */
  async visible(id: number, principal: Principal): Promise<MeasureClaimEntity> {
    const row = await this.dataSource.getRepository(MeasureClaimEntity).findOneBy({ id });
    if (!row || hiddenFrom(principal, row.tenantId)) throw new NotFoundError('incentives.claimNotFound');
    return row;
  }

  private async measure(id: number, m: EntityManager = this.dataSource.manager): Promise<CreditMeasureEntity> {
    const row = await m.getRepository(CreditMeasureEntity).findOneBy({ id });
    if (!row) throw new NotFoundError('incentives.measureNotFound');
    return row;
  }

  /** The measures in force on the day (the catalogue's cache). */
  async offersCatalogue(on: string): Promise<CatalogueMeasure[]> {
    return this.catalogue.active(on);
  }

  async tenantExists(id: number): Promise<boolean> {
    return (await this.tenants.summary(id)) !== null;
  }

  /** A measure by id, for the admin pages (404 when there is none). */
  async measureById(id: number): Promise<CreditMeasureEntity> {
    return this.measure(id);
  }

  private refuse(code: string, measure: { titleZh: string; titleEn: string }, locale = 'zh-CN'): never {
    throw new ConflictError(`incentives.refusals.${code}`, { title: locale === 'en' ? measure.titleEn : measure.titleZh }, { measureId: [{ code: 'invalid' }] });
  }

  /**
   * An officer claims an incentive for their tenant: a claimable incentive in force (404 when it is not a
   * measure at all), the tenant eligible today and no open claim of it (409 saying why otherwise). Staff are told.
   */
  async claim(dto: ClaimMeasureDto, principal: Principal, actor: Actor, locale?: string): Promise<MeasureClaimEntity> {
    const tenant = await this.actingTenant(principal);
    const measure = await this.measure(dto.measureId);
    const today = this.i18n.today();
    const status = (await this.status.statusOf([tenant.id], today)).get(tenant.id)!;
    const managers = await this.users.managerIds(0, 1000);
    return this.uow.run(async (m, afterCommit) => {
      const repo = m.getRepository(MeasureClaimEntity);
      const open = await repo.exists({ where: { tenantId: tenant.id, measureId: measure.id, status: In([...OPEN_CLAIM_STATUSES]) } });
      const refusal = claimRefusal({ ...measure, validFrom: String(measure.validFrom), validTo: measure.validTo }, status, today, open);
      if (refusal) this.refuse(refusal, measure, locale);
      const row = await repo.save(repo.create({
        measureId: measure.id, tenantId: tenant.id, origin: 'tenant', status: 'claimed', note: dto.note ?? null, claimedById: principal.userId, claimedAt: new Date(),
        decidedById: null, decidedAt: null, decisionReason: null, deliveredOn: null, deliveryNote: null, deliveredById: null,
      }));
      await this.audit.record(m, actor, {
        action: 'measureClaim.claim', entityType: 'measure_claim', entityId: row.id,
        after: {
          tenantId: tenant.id, measure: measure.code, kind: measure.kind, status: row.status, note: row.note,
          standing: { lists: status.lists, grade: status.grade, openFindings: status.openFindings, asOf: status.asOf },
        },
      });
      await this.notifications.notify(m, afterCommit, {
        userIds: managers, template: 'benefit-claimed',
        params: { tenantName: tenant.name, titleZh: measure.titleZh, titleEn: measure.titleEn, note: row.note ?? '' },
        link: `/benefits/claims/${row.id}`, dedupeKey: `benefit-claimed:${row.id}`, subject: claimSubject(row.id),
      });
      return row;
    });
  }

  /** Moves a claim on with `event` if it is still where it was read (a concurrent step makes it a 409); audits and tells. */
  private async step(
    row: MeasureClaimEntity, event: ClaimEvent, change: Partial<MeasureClaimEntity>, actor: Actor,
    notice: { template: string; params: Record<string, string | number> } | null, extraAudit: Record<string, unknown> = {},
  ): Promise<MeasureClaimEntity> {
    const next = claimTransition(row.status, event);
    if (!next.ok) throw new ConflictError('incentives.notOpen', { status: this.i18n.t(null, `incentives.statuses.${row.status}`) });
    const [officers, tenant, measure] = await Promise.all([this.users.officersOf([row.tenantId]), this.tenants.summary(row.tenantId), this.measure(row.measureId)]);
    return this.uow.run(async (m, afterCommit) => {
      const full = { ...change, status: next.to as ClaimStatus };
      const moved = await m.getRepository(MeasureClaimEntity).update({ id: row.id, status: row.status }, full);
      if (!moved.affected) throw new ConflictError('incentives.notOpen', { status: this.i18n.t(null, `incentives.statuses.${row.status}`) });
      await this.audit.record(m, actor, {
        action: CLAIM_EVENTS[event].action, entityType: 'measure_claim', entityId: row.id,
        before: { status: row.status }, after: { tenantId: row.tenantId, measure: measure.code, status: next.to, ...extraAudit },
      });
      if (event !== 'deliver') await this.notifications.retire(m, [claimSubject(row.id)]);
      if (notice) {
        await this.notifications.notify(m, afterCommit, {
          userIds: officers.get(row.tenantId) ?? [], template: notice.template,
          params: { tenantName: tenant?.name ?? '', titleZh: measure.titleZh, titleEn: measure.titleEn, ...notice.params },
          link: `/benefits/claims/${row.id}`, dedupeKey: `${notice.template}:${row.id}:${event}`,
        });
      }
      return Object.assign(row, full);
    });
  }

  /** The officer withdraws their tenant's claim before delivery. */
  async withdraw(id: number, principal: Principal, actor: Actor): Promise<MeasureClaimEntity> {
    const row = await this.visible(id, principal);
    if (!isOfficerOf(principal, row.tenantId) || row.origin !== 'tenant') throw new NotFoundError('incentives.claimNotFound');
    return this.step(row, 'withdraw', { decidedById: principal.userId, decidedAt: new Date() }, actor, null);
  }

  /** Whether the tenant still meets the measure's conditions today (a restriction in force whose tenant left the black list may be lifted). */
  async stillMeets(row: MeasureClaimEntity): Promise<boolean> {
    const [measure, statuses] = await Promise.all([this.measure(row.measureId), this.status.statusOf([row.tenantId], this.i18n.today())]);
    return unmetConditions(measure.eligibility, statuses.get(row.tenantId)!).length === 0;
  }

  /** A claim or restriction staff act on (404 when there is none). */
  async actionable(id: number): Promise<MeasureClaimEntity> {
    const row = await this.dataSource.getRepository(MeasureClaimEntity).findOneBy({ id });
    if (!row) throw new NotFoundError('incentives.claimNotFound');
    return row;
  }

  /**
   * Staff approve (the tenant must still be eligible today: 409 otherwise, reject it instead) or reject a
   * claim, with a reason the tenant is told.
   */
  async decide(id: number, dto: DecideClaimDto, principal: Principal, actor: Actor): Promise<MeasureClaimEntity> {
    const row = await this.actionable(id);
    if (row.origin !== 'tenant') throw new ConflictError('incentives.notOpen', { status: this.i18n.t(null, `incentives.statuses.${row.status}`) });
    let standing: Record<string, unknown> = {};
    if (dto.decision === 'approve' && claimTransition(row.status, 'approve').ok) {
      const measure = await this.measure(row.measureId);
      const status = (await this.status.statusOf([row.tenantId], this.i18n.today())).get(row.tenantId)!;
      const unmet = unmetConditions(measure.eligibility, status);
      if (unmet.length) throw new ConflictError('incentives.noLongerEligible', { title: measure.titleZh });
      standing = { standing: { lists: status.lists, grade: status.grade, openFindings: status.openFindings, asOf: status.asOf } };
    }
    return this.step(row, dto.decision, { decidedById: principal.userId, decidedAt: new Date(), decisionReason: dto.reason }, actor,
      { template: 'benefit-decided', params: { decision: dto.decision, reason: dto.reason } }, { decisionReason: dto.reason, ...standing });
  }

  /** Staff record what was delivered for an approved claim, and the park day (not in the future, not before the claim). */
  async deliver(id: number, dto: DeliverClaimDto, principal: Principal, actor: Actor): Promise<MeasureClaimEntity> {
    const row = await this.actionable(id);
    const today = this.i18n.today();
    const claimedOn = this.i18n.formatDate(row.claimedAt);
    if (dto.deliveredOn > today) throw new ValidationFailedError({ deliveredOn: [{ code: 'notFuture', params: { limit: today } }] });
    if (dto.deliveredOn < claimedOn) throw new ValidationFailedError({ deliveredOn: [{ code: 'notBefore', params: { limit: claimedOn } }] });
    return this.step(row, 'deliver', { deliveredOn: dto.deliveredOn, deliveryNote: dto.note, deliveredById: principal.userId }, actor,
      { template: 'benefit-delivered', params: { deliveredOn: dto.deliveredOn, note: dto.note } }, { deliveredOn: dto.deliveredOn, deliveryNote: dto.note });
  }

  /** The tenant a staff form names, by id or USCC (field-keyed 400 when neither finds one). */
  async tenantNamed(dto: { tenantId?: number; uscc?: string }): Promise<TenantSummary> {
    let id = dto.tenantId;
    if (id === undefined && dto.uscc) id = (await this.tenants.idsFor([dto.uscc], [])).byUscc.get(dto.uscc);
    const tenant = id !== undefined ? await this.tenants.summary(id) : null;
    if (!tenant) throw new ValidationFailedError({ [dto.uscc && dto.tenantId === undefined ? 'uscc' : 'tenantId']: [{ code: dto.tenantId === undefined && !dto.uscc ? 'required' : 'unknownTenant' }] });
    return tenant;
  }

  /**
   * Staff apply a restriction in force to a tenant that meets it today (black-listed): 409 otherwise, or
   * when it is applied already. It takes effect today; the tenant's officers are told.
   */
  async applyRestriction(dto: ApplyRestrictionDto, principal: Principal, actor: Actor, locale?: string): Promise<MeasureClaimEntity> {
    const tenant = await this.tenantNamed(dto);
    const measure = await this.measure(dto.measureId);
    const today = this.i18n.today();
    const status = (await this.status.statusOf([tenant.id], today)).get(tenant.id)!;
    const officers = await this.users.officersOf([tenant.id]);
    return this.uow.run(async (m, afterCommit) => {
      const repo = m.getRepository(MeasureClaimEntity);
      const applied = await repo.exists({ where: { tenantId: tenant.id, measureId: measure.id, status: In([...IN_FORCE_RESTRICTION_STATUSES]) } });
      const refusal = restrictionRefusal({ ...measure, validFrom: String(measure.validFrom) }, status, today, applied);
      if (refusal) this.refuse(refusal, measure, locale);
      const row = await repo.save(repo.create({
        measureId: measure.id, tenantId: tenant.id, origin: 'staff', status: 'applied', note: dto.note, claimedById: principal.userId, claimedAt: new Date(),
        decidedById: principal.userId, decidedAt: new Date(), decisionReason: null, deliveredOn: today, deliveryNote: null, deliveredById: principal.userId,
      }));
      await this.audit.record(m, actor, {
        action: 'measureClaim.apply', entityType: 'measure_claim', entityId: row.id,
        after: { tenantId: tenant.id, measure: measure.code, kind: measure.kind, status: 'applied', note: dto.note, from: today, standing: { lists: status.lists, grade: status.grade } },
      });
      await this.notifications.notify(m, afterCommit, {
        userIds: officers.get(tenant.id) ?? [], template: 'benefit-restricted',
        params: { tenantName: tenant.name, titleZh: measure.titleZh, titleEn: measure.titleEn, action: 'applied', rights: 'yes', reason: dto.note, on: today },
        link: `/benefits/claims/${row.id}`, dedupeKey: `benefit-restricted:${row.id}:applied`,
      });
      return row;
    });
  }

  /** Staff lift a restriction in force, with a reason; the tenant's officers are told. */
  async lift(id: number, dto: LiftRestrictionDto, principal: Principal, actor: Actor): Promise<MeasureClaimEntity> {
    const row = await this.actionable(id);
    const today = this.i18n.today();
    return this.step(row, 'lift', { decidedById: principal.userId, decidedAt: new Date(), decisionReason: dto.reason }, actor,
      { template: 'benefit-restricted', params: { action: 'lifted', rights: '', reason: dto.reason, on: today } }, { decisionReason: dto.reason, liftedOn: today });
  }

  // ——— the admin catalogue ———

  private async draftProblems(dto: MeasureFieldsDto, m: EntityManager): Promise<FieldProblems> {
    const problems: FieldProblems = {};
    const eligibility = this.eligibilityOf(dto);
    const draft = measureDraftProblems({ kind: dto.kind, claimable: !!dto.claimable, eligibility, validFrom: dto.validFrom, validTo: dto.validTo ?? null });
    const CODES: Record<string, FieldProblems[string]> = {
      beforeFrom: [{ code: 'notBefore', params: { limit: dto.validFrom } }], restrictionClaimable: [{ code: 'invalid' }],
      noCondition: [{ code: 'audienceEmpty' }], restrictionNeedsList: [{ code: 'required' }],
    };
    for (const [field, code] of Object.entries(draft)) problems[field] = CODES[code];
    const purposes = [...new Set(dto.purposes ?? [])];
    if (purposes.length) {
      const known = new Set((await m.getRepository(CheckPurposeEntity).find({ select: { code: true }, where: { code: In(purposes) } })).map((p) => p.code));
      const unknown = purposes.filter((p) => !known.has(p));
      if (unknown.length) problems.purposes = [{ code: 'oneOf' }];
    }
    return problems;
  }

  private eligibilityOf(dto: MeasureFieldsDto): MeasureEligibility {
    const e: MeasureEligibility = {};
    if (dto.lists?.length) e.lists = [...new Set(dto.lists)];
    if (dto.minGrade) e.minGrade = dto.minGrade;
    if (dto.noOpenFinding) e.noOpenFinding = true;
    return e;
  }

  private fieldsOf(dto: MeasureFieldsDto, principal: Principal) {
    return {
      kind: dto.kind, category: dto.category, titleZh: dto.titleZh, titleEn: dto.titleEn, descriptionZh: dto.descriptionZh, descriptionEn: dto.descriptionEn,
      purposes: [...new Set(dto.purposes ?? [])].join(','), claimable: !!dto.claimable, eligibility: this.eligibilityOf(dto),
      validFrom: dto.validFrom, validTo: dto.validTo ?? null, active: dto.active ?? true, updatedById: principal.userId, updatedAt: new Date(),
    };
  }

  private async refuseDraft(dto: MeasureFieldsDto, m: EntityManager): Promise<void> {
    const problems = await this.draftProblems(dto, m);
    if (Object.keys(problems).length) throw new ValidationFailedError(problems, 'incentives.admin.invalid');
  }

  /** An admin adds a measure (code unique: 400 `code` taken). Joint checks see it at once here, within 30 s elsewhere. */
  async createMeasure(dto: CreateMeasureDto, principal: Principal, actor: Actor): Promise<CreditMeasureEntity> {
    const row = await this.uow.run(async (m) => {
      await this.refuseDraft(dto, m);
      const repo = m.getRepository(CreditMeasureEntity);
      if (await repo.exists({ where: { code: dto.code } })) throw new ValidationFailedError({ code: [{ code: 'taken' }] });
      const saved = await repo.save(repo.create({ code: dto.code, ...this.fieldsOf(dto, principal) }));
      await this.audit.record(m, actor, { action: 'measure.create', entityType: 'credit_measure', entityId: saved.id, after: measureAudit(saved) });
      return saved;
    });
    this.catalogue.changed();
    return row;
  }

  /** An admin edits a measure (not its code); deactivating it is the way to retire it (never deleted). */
  async updateMeasure(id: number, dto: MeasureFieldsDto, principal: Principal, actor: Actor): Promise<CreditMeasureEntity> {
    const row = await this.uow.run(async (m) => {
      const before = await this.measure(id, m);
      await this.refuseDraft(dto, m);
      const beforeAudit = measureAudit(before);
      const fields = this.fieldsOf(dto, principal);
      await m.getRepository(CreditMeasureEntity).update({ id }, fields);
      const after = Object.assign(before, fields);
      await this.audit.record(m, actor, { action: 'measure.update', entityType: 'credit_measure', entityId: id, before: beforeAudit, after: measureAudit(after) });
      return after;
    });
    this.catalogue.changed();
    return row;
  }
}

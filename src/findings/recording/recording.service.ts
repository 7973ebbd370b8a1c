import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isRegulator, isRegulatorOf } from '../../accounts/domain/access-policy.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationFailedError, type FieldProblems } from '../../common/errors/domain-error.js';
import { isUniqueViolation } from '../../common/filters/all-exceptions.filter.js';
import type { Actor, Principal } from '../../common/principal.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { FindingsService, type NewFinding } from '../core/findings.service.js';
import type { FindingSource } from '../domain/finding-kinds.js';
import { isVerifierOf } from '../domain/rectification.rules.js';
import { FindingEntity } from '../entities/finding.entity.js';
import type { EndListingDto, RecordFindingDto, SubstantiationDto } from './dto/finding.dto.js';

/** What recording returned: the finding, and whether this call created it (false: the same department and decision number were already on file). */
export interface Recorded {
  finding: FindingEntity;
  created: boolean;
}

/**
 * Recording findings: a regulator records for their own department (the department is the
 * principal's; naming another is 403), idempotent on (department, decision number): a re-post
 * returns the finding on file and writes nothing. The tenant is found by id or USCC; the dates and
 * the type's own fields are checked with field errors before anything is written; the publicity
 * period comes from the rules in force on the decision date (FindingsService). Audited; the
 * tenant's officers are told. Later: complaints decided (substantiated or not), abnormal-operations
 * listings ended when their cause is cured.
 */
@Injectable()
export class FindingsRecordingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly i18n: I18nService,
    private readonly findings: FindingsService,
    private readonly tenants: TenantsQueries,
    private readonly users: UsersQueries,
  ) {}

  /** The regulator's department: a regulator without one, or a body naming another department, is refused (403). */
  async departmentFor(principal: Principal, dto: { departmentId?: number; department?: string }): Promise<number> {
    if (!isRegulator(principal) || principal.departmentId == null) throw new ForbiddenError('findings.noDepartment');
    const departments = await this.findings.departmentsById();
    if (dto.departmentId !== undefined && dto.departmentId !== principal.departmentId) throw new ForbiddenError('findings.otherDepartment');
    if (dto.department !== undefined && departments.get(principal.departmentId)?.code !== dto.department) throw new ForbiddenError('findings.otherDepartment');
    return principal.departmentId;
  }

  async record(dto: RecordFindingDto, principal: Principal, actor: Actor, source: FindingSource): Promise<Recorded> {
    const departmentId = await this.departmentFor(principal, dto);
    const existingId = (await this.findings.existing(this.dataSource.manager, [{ departmentId, decisionNo: dto.decisionNo }])).get(this.findings.findingKey(departmentId, dto.decisionNo));
    if (existingId !== undefined) return { finding: await this.dataSource.getRepository(FindingEntity).findOneByOrFail({ id: existingId }), created: false };

    const problems: FieldProblems = {};
    const tenantId = await this.tenantOf(dto, problems);
    const today = this.i18n.today();
    if (dto.decisionDate > today) problems.decisionDate = [{ code: 'notFuture', params: { limit: today } }];
    const required = dto.rectificationRequired === true;
    if (required && !dto.rectifyBy) problems.rectifyBy = [{ code: 'required' }];
    else if (required && dto.rectifyBy! < dto.decisionDate) problems.rectifyBy = [{ code: 'notBefore', params: { limit: dto.decisionDate } }];
    if (dto.type === 'abnormal_operations' && !dto.abnormalCause) problems.abnormalCause = [{ code: 'required' }];
    if (Object.keys(problems).length) throw new ValidationFailedError(problems);

    const input: NewFinding = {
      departmentId, tenantId: tenantId!, type: dto.type, severity: dto.severity, penaltyKind: dto.penaltyKind ?? null,
      title: dto.title, legalBasis: dto.legalBasis, decisionNo: dto.decisionNo, decisionDate: dto.decisionDate, description: dto.description,
      rectificationRequired: required, rectifyBy: required ? dto.rectifyBy! : null,
      substantiated: dto.type === 'complaint' ? (dto.substantiated ?? null) : null,
      abnormalCause: dto.type === 'abnormal_operations' ? dto.abnormalCause! : null,
    };
    try {
      const id = await this.uow.run(async (m, afterCommit) => {
        const [id] = await this.findings.recordMany(m, [input], principal.userId, source);
        const finding = await m.getRepository(FindingEntity).findOneByOrFail({ id });
        await this.audit.record(m, actor, {
          action: 'finding.record', entityType: 'finding', entityId: id,
          after: {
            tenantId: finding.tenantId, departmentId, type: finding.type, severity: finding.severity, penaltyKind: finding.penaltyKind,
            title: finding.title, legalBasis: finding.legalBasis, decisionNo: finding.decisionNo, decisionDate: finding.decisionDate,
            description: finding.description, rectificationRequired: finding.rectificationRequired, rectifyBy: finding.rectifyBy,
            substantiated: finding.substantiated, abnormalCause: finding.abnormalCause, publicityEndsOn: finding.publicityEndsOn,
            repairEligibleOn: finding.repairEligibleOn, publicityRuleId: finding.publicityRuleId, source,
          },
        });
        const [officers, departments] = await Promise.all([this.users.officersOf([finding.tenantId], m), this.findings.departmentsById()]);
        const department = departments.get(departmentId);
        await this.notifications.notify(m, afterCommit, {
          userIds: officers.get(finding.tenantId) ?? [],
          template: 'finding-recorded',
          params: {
            department: department?.nameZh ?? '', title: finding.title, decisionNo: finding.decisionNo,
            decisionDate: finding.decisionDate, rectifyBy: finding.rectifyBy ?? '',
          },
          link: `/findings/${id}`,
          dedupeKey: `finding-recorded:${id}`,
        });
        return id;
      });
      return { finding: await this.dataSource.getRepository(FindingEntity).findOneByOrFail({ id }), created: true };
    } catch (err) {
      // Two identical posts at once: the second loses the unique index and answers like a re-post.
      if (!isUniqueViolation(err)) throw err;
      const again = (await this.findings.existing(this.dataSource.manager, [{ departmentId, decisionNo: dto.decisionNo }])).get(this.findings.findingKey(departmentId, dto.decisionNo));
      if (again === undefined) throw err;
      return { finding: await this.dataSource.getRepository(FindingEntity).findOneByOrFail({ id: again }), created: false };
    }
  }

  /** The tenant by id or USCC (normalised by the registry); a field error when neither is given or none is found. */
  private async tenantOf(dto: RecordFindingDto, problems: FieldProblems): Promise<number | null> {
    if (dto.tenantId !== undefined) {
      if (await this.tenants.summary(dto.tenantId)) return dto.tenantId;
      problems.tenantId = [{ code: 'unknownTenant' }];
      return null;
    }
    if (dto.uscc !== undefined) {
      const id = (await this.tenants.idsFor([dto.uscc], [])).byUscc.get(dto.uscc);
      if (id !== undefined) return id;
      problems.uscc = [{ code: 'unknownTenant' }];
      return null;
    }
    problems.tenantId = [{ code: 'required' }];
    return null;
  }

  /** A complaint decided by a regulator of its department: substantiated (then an N08 fact) or not; decided once (409 after). */
  async substantiate(id: number, dto: SubstantiationDto, principal: Principal, actor: Actor): Promise<FindingEntity> {
    const finding = await this.findings.visible(id, principal);
    if (!isRegulatorOf(principal, finding.departmentId)) throw new ForbiddenError('findings.otherDepartment');
    if (finding.type !== 'complaint') throw new ConflictError('findings.notComplaint');
    return this.uow.run(async (m) => {
      const moved = await m.getRepository(FindingEntity).createQueryBuilder().update()
        .set({ substantiated: dto.substantiated }).where('id = :id AND substantiated IS NULL', { id }).execute();
      if (!moved.affected) throw new ConflictError('findings.alreadyDecided');
      await this.audit.record(m, actor, {
        action: 'finding.substantiation', entityType: 'finding', entityId: id,
        before: { substantiated: null }, after: { substantiated: dto.substantiated, reason: dto.reason ?? null },
      });
      return Object.assign(finding, { substantiated: dto.substantiated });
    });
  }

  /**
   * An abnormal-operations listing ends when its cause is cured: by a regulator of its department, or
   * park staff where the department delegated verification. Not before the listing, not in the future; once.
   */
  async endListing(id: number, dto: EndListingDto, principal: Principal, actor: Actor): Promise<FindingEntity> {
    const finding = await this.findings.visible(id, principal);
    const department = (await this.findings.departmentsById()).get(finding.departmentId);
    if (!department || !isVerifierOf(principal, department)) throw new ForbiddenError('findings.otherDepartment');
    if (finding.type !== 'abnormal_operations') throw new ConflictError('findings.notListing');
    if (finding.endedOn) throw new ConflictError('findings.alreadyEnded');
    const today = this.i18n.today();
    if (dto.endedOn > today) throw new ValidationFailedError({ endedOn: [{ code: 'notFuture', params: { limit: today } }] });
    if (dto.endedOn < finding.decisionDate) throw new ValidationFailedError({ endedOn: [{ code: 'notBefore', params: { limit: finding.decisionDate } }] });
    return this.uow.run(async (m) => {
      const moved = await m.getRepository(FindingEntity).createQueryBuilder().update()
        .set({ endedOn: dto.endedOn, endedReason: dto.reason }).where('id = :id AND endedOn IS NULL', { id }).execute();
      if (!moved.affected) throw new ConflictError('findings.alreadyEnded');
      await this.audit.record(m, actor, {
        action: 'finding.end', entityType: 'finding', entityId: id,
        before: { endedOn: null }, after: { endedOn: dto.endedOn, endedReason: dto.reason },
      });
      return Object.assign(finding, { endedOn: dto.endedOn, endedReason: dto.reason });
    });
  }

  /** A finding that must exist for this viewer (404 otherwise). */
  async get(id: number, principal: Principal): Promise<FindingEntity> {
    return this.findings.visible(id, principal).catch((err: unknown) => {
      throw err instanceof NotFoundError ? new NotFoundError('findings.notFound') : err;
    });
  }
}

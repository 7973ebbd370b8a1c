import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { DepartmentsService } from '../../accounts/departments.service.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { pageWindow, type Page } from '../../common/pagination.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { BuildingsService } from '../../tenants/buildings.service.js';
import { TenantsQueries, type TenantSummary } from '../../tenants/tenants.queries.js';
import { industryName } from '../../tenants/domain/industry-classification.js';
import { selectorOf } from '../domain/audience.rules.js';
import { TrainingInvitationEntity } from '../entities/training-invitation.entity.js';
import { TrainingRegistrationEntity } from '../entities/training-registration.entity.js';
import { TrainingSessionEntity } from '../entities/training-session.entity.js';
import type { SessionQueryDto } from './dto/session.dto.js';

/** How many invited tenants the detail page lists (the count is always whole). */
export const INVITED_SHOWN = 200;

export interface SessionListItem {
  id: number;
  title: string;
  kind: string;
  startsAt: Date;
  endsAt: Date;
  location: string;
  capacity: number | null;
  audience: string;
  status: string;
  seriesId: number | null;
  invited: number;
  registered: number;
}

export interface SessionDetail {
  session: Omit<TrainingSessionEntity, 'checkinSecret'>;
  hostDepartment: string | null;
  hostTenant: TenantSummary | null;
  speakerTenant: TenantSummary | null;
  /** The audience's values in words: industry codes with names, building names, tenant names. */
  audienceValues: string[];
  invitedCount: number;
  invited: TenantSummary[];
  registrations: { registered: number; waitlisted: number; cancelled: number };
}

/** Read models of sessions: the list (upcoming or past, by kind, status and month) and the detail. */
@Injectable()
export class SchedulingQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantsQueries,
    private readonly buildings: BuildingsService,
    private readonly departments: DepartmentsService,
    private readonly i18n: I18nService,
  ) {}

  async list(query: SessionQueryDto, now = new Date()): Promise<Page<SessionListItem>> {
    const { page, pageSize, skip } = pageWindow(query);
    const inv = this.dataSource.getMetadata(TrainingInvitationEntity).tableName;
    const reg = this.dataSource.getMetadata(TrainingRegistrationEntity).tableName;
    const qb = this.dataSource.getRepository(TrainingSessionEntity).createQueryBuilder('s');
    const past = query.when === 'past';
    if (past) qb.where('s.endsAt <= :now', { now });
    else qb.where('s.endsAt > :now', { now });
    if (query.kind) qb.andWhere('s.kind = :kind', { kind: query.kind });
    if (query.status) qb.andWhere('s.status = :status', { status: query.status });
    if (query.month) {
      const from = DateTime.fromISO(`${query.month}-01`, { zone: this.i18n.timeZone });
      qb.andWhere('s.startsAt >= :from AND s.startsAt < :to', { from: from.toUTC().toJSDate(), to: from.plus({ months: 1 }).toUTC().toJSDate() });
    }
    const total = await qb.getCount();
    const rows = await qb
      .select(['s.id', 's.title', 's.kind', 's.startsAt', 's.endsAt', 's.location', 's.capacity', 's.audience', 's.status', 's.seriesId'])
      .orderBy('s.startsAt', past ? 'DESC' : 'ASC').addOrderBy('s.id', past ? 'DESC' : 'ASC')
      .skip(skip).take(pageSize).getMany();
    const counts = new Map<number, { invited: number; registered: number }>();
    if (rows.length) {
      const ids = rows.map((r) => r.id);
      const marks = ids.map(() => '?').join(', ');
      const invited: { sessionId: number; n: number }[] = await this.dataSource.query(`SELECT sessionId, COUNT(*) AS n FROM ${inv} WHERE sessionId IN (${marks}) GROUP BY sessionId`, ids);
      const registered: { sessionId: number; n: number }[] = await this.dataSource.query(`SELECT sessionId, COUNT(*) AS n FROM ${reg} WHERE sessionId IN (${marks}) AND status = 'registered' GROUP BY sessionId`, ids);
      for (const id of ids) counts.set(id, { invited: 0, registered: 0 });
      for (const r of invited) counts.get(Number(r.sessionId))!.invited = Number(r.n);
      for (const r of registered) counts.get(Number(r.sessionId))!.registered = Number(r.n);
    }
    const items = rows.map((s) => ({
      id: s.id, title: s.title, kind: s.kind, startsAt: s.startsAt, endsAt: s.endsAt, location: s.location, capacity: s.capacity, audience: s.audience,
      status: s.status, seriesId: s.seriesId, ...(counts.get(s.id) ?? { invited: 0, registered: 0 }),
    }));
    return { items, total, page, pageSize };
  }

  /** Whether any session was ever scheduled (the demo seed adds its own only to an empty park). */
  async anySession(): Promise<boolean> {
    return this.dataSource.getRepository(TrainingSessionEntity).exists();
  }

  async session(id: number): Promise<TrainingSessionEntity> {
    const s = await this.dataSource.getRepository(TrainingSessionEntity).findOneBy({ id });
    if (!s) throw new NotFoundError('trainings.notFound');
    return s;
  }

  async detail(id: number, locale: string): Promise<SessionDetail> {
    const { checkinSecret: _secret, ...session } = await this.session(id);
    const invitedCount = await this.dataSource.getRepository(TrainingInvitationEntity).countBy({ sessionId: id });
    const invitedRows = await this.dataSource.getRepository(TrainingInvitationEntity).find({ select: { tenantId: true }, where: { sessionId: id }, order: { tenantId: 'ASC' }, take: INVITED_SHOWN });
    const selector = selectorOf(session.audience, session.audienceFilter);
    const listed = selector && 'tenantIds' in selector ? selector.tenantIds : [];
    const summaries = await this.tenants.summaries([...invitedRows.map((r) => r.tenantId), ...listed, session.hostTenantId ?? 0, session.speakerTenantId ?? 0].filter(Boolean));
    const regs: { status: string; n: number }[] = await this.dataSource.getRepository(TrainingRegistrationEntity).createQueryBuilder('r')
      .select('r.status', 'status').addSelect('COUNT(*)', 'n').where('r.sessionId = :id', { id }).groupBy('r.status').getRawMany();
    const registrations = { registered: 0, waitlisted: 0, cancelled: 0 };
    for (const r of regs) registrations[r.status as keyof typeof registrations] = Number(r.n);
    let audienceValues: string[] = [];
    if (selector && 'industries' in selector) {
      audienceValues = selector.industries.map((c) => `${c} ${industryName(c, locale)}`);
    } else if (selector && 'buildingIds' in selector) {
      const names = new Map((await this.buildings.all()).map((b) => [b.id, b.name]));
      audienceValues = selector.buildingIds.map((b) => names.get(b) ?? `#${b}`);
    } else if (listed.length) {
      audienceValues = listed.map((t) => summaries.get(t)?.name ?? `#${t}`);
    }
    const department = session.hostDepartmentId ? (await this.departments.list()).find((d) => d.id === session.hostDepartmentId) : undefined;
    const hostDepartment = department ? (locale === 'en' ? department.nameEn : department.nameZh) : null;
    return {
      session, hostDepartment, invitedCount, audienceValues, registrations,
      hostTenant: session.hostTenantId ? summaries.get(session.hostTenantId) ?? null : null,
      speakerTenant: session.speakerTenantId ? summaries.get(session.speakerTenantId) ?? null : null,
      invited: invitedRows.map((r) => summaries.get(r.tenantId)).filter((t): t is TenantSummary => !!t),
    };
  }
}

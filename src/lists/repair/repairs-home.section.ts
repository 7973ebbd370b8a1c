import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isManager, isRegulator } from '../../accounts/domain/access-policy.js';
import type { Principal } from '../../common/principal.js';
import { dateText } from '../../database/raw-sql.js';
import { HomeSection } from '../../home/home-sections.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { RepairApplicationEntity } from '../entities/repair-application.entity.js';
import { WorkingCalendarService } from '../../calendar/working-calendar.service.js';
import { deadlineState } from '../domain/repair-deadlines.rules.js';

const SHOWN = 5;

/**
 * Reviewers' credit repairs on the home page: staff — applications awaiting a reply; regulators —
 * applications in review awaiting a decision; each with its working days left or overdue, soonest first.
 */
@Injectable()
export class RepairsHomeSection {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantsQueries,
    private readonly calendar: WorkingCalendarService,
    private readonly i18n: I18nService,
  ) {}

  @HomeSection({ partial: 'home-repairs', order: 48 })
  async section(principal: Principal): Promise<Record<string, unknown> | null> {
    const staff = isManager(principal);
    if (!staff && !isRegulator(principal)) return null;
    const status = staff ? 'submitted' : 'in_review';
    const due = staff ? 'r.replyDueOn' : 'r.decisionDueOn';
    const repo = this.dataSource.getRepository(RepairApplicationEntity);
    const [count, rows, cal] = await Promise.all([
      repo.countBy({ status }),
      this.tenants.join(repo.createQueryBuilder('r').select([]), 'r.tenantId', 't')
        .addSelect('r.id', 'id').addSelect('r.tenantId', 'tenantId').addSelect('r.subjectType', 'subjectType').addSelect(due, 'dueOn')
        .where('r.status = :status', { status }).orderBy(due, 'ASC').addOrderBy('r.id', 'ASC').limit(SHOWN)
        .getRawMany<Record<string, unknown>>(),
      this.calendar.calendar(),
    ]);
    if (!count) return null;
    const today = this.i18n.today();
    return {
      count, staff, more: count > rows.length,
      items: rows.map((r) => ({
        id: Number(r.id), tenantId: Number(r.tenantId), tenantName: this.tenants.fromRow(r, Number(r.tenantId), 't').name, subjectType: String(r.subjectType),
        dueOn: dateText(r.dueOn), deadline: deadlineState(dateText(r.dueOn), today, cal),
      })),
    };
  }
}

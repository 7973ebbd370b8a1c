import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { canReadTenant, isRegulator } from '../../accounts/domain/access-policy.js';
import type { Principal } from '../../common/principal.js';
import { dateText } from '../../database/raw-sql.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { HubPanel } from '../../tenants/hub-panels.js';
import { FindingsService } from '../core/findings.service.js';
import type { FindingSeverity, FindingType, RectificationStatus } from '../domain/finding-kinds.js';
import { countsOn } from '../domain/publicity.rules.js';
import { rectificationState } from '../domain/rectification.rules.js';
import { FindingEntity } from '../entities/finding.entity.js';

/** Findings shown on the hub; the rest are a click away in the register. */
const SHOWN = 10;

const dateOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : dateText(v));

/**
 * The findings panel of the tenant hub: the latest findings with type, severity, rectification state,
 * deadline and publicity end (overdue flagged), and the counts that matter (overdue, counting, an
 * open abnormal-operations listing). Readers and the tenant's own officers. Two queries.
 */
@Injectable()
export class FindingsHubQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly findings: FindingsService, private readonly i18n: I18nService) {}

  @HubPanel({ partial: 'hub-findings', order: 30 })
  async panel(tenantId: number, principal: Principal): Promise<Record<string, unknown> | null> {
    if (!canReadTenant(principal, tenantId)) return null;
    const today = this.i18n.today();
    const repo = this.dataSource.getRepository(FindingEntity);
    const [rows, counts, departments] = await Promise.all([
      repo.createQueryBuilder('f')
        .select(['f.id', 'f.departmentId', 'f.type', 'f.severity', 'f.title', 'f.decisionNo', 'f.decisionDate', 'f.rectificationRequired', 'f.rectifyBy',
          'f.rectificationStatus', 'f.publicityEndsOn', 'f.repairedOn', 'f.endedOn'])
        .where('f.tenantId = :tenantId', { tenantId })
        .orderBy('f.decisionDate', 'DESC').addOrderBy('f.id', 'DESC').limit(SHOWN).getMany(),
      repo.createQueryBuilder('f')
        .select('COUNT(*)', 'total')
        .addSelect("SUM(CASE WHEN f.rectificationStatus = 'open' AND f.rectifyBy < :today THEN 1 ELSE 0 END)", 'overdue')
        .addSelect("SUM(CASE WHEN f.type = 'abnormal_operations' AND f.endedOn IS NULL AND f.repairedOn IS NULL THEN 1 ELSE 0 END)", 'listed')
        .addSelect('SUM(CASE WHEN f.decisionDate <= :today AND f.publicityEndsOn > :today AND f.repairedOn IS NULL THEN 1 ELSE 0 END)', 'counting')
        .where('f.tenantId = :tenantId', { tenantId, today })
        .getRawOne<{ total: unknown; overdue: unknown; listed: unknown; counting: unknown }>(),
      this.findings.departmentsById(),
    ]);
    return {
      tenantId,
      canRecord: isRegulator(principal) && principal.departmentId != null,
      total: Number(counts?.total ?? 0), overdue: Number(counts?.overdue ?? 0), listed: Number(counts?.listed ?? 0) > 0, counting: Number(counts?.counting ?? 0),
      items: rows.map((f) => {
        const d = departments.get(f.departmentId);
        const rectifyBy = dateOrNull(f.rectifyBy);
        return {
          id: f.id, type: f.type as FindingType, severity: f.severity as FindingSeverity, title: f.title, decisionNo: f.decisionNo,
          decisionDate: dateText(f.decisionDate), rectifyBy, departmentZh: d?.nameZh ?? '', departmentEn: d?.nameEn ?? '',
          state: rectificationState({ required: !!f.rectificationRequired, rectifyBy, status: f.rectificationStatus as RectificationStatus }, today),
          publicityEndsOn: dateText(f.publicityEndsOn),
          counting: countsOn({ decisionDate: dateText(f.decisionDate), publicityEndsOn: dateText(f.publicityEndsOn), repairedOn: dateOrNull(f.repairedOn) }, today),
          open: f.type === 'abnormal_operations' && !f.endedOn,
        };
      }),
    };
  }
}

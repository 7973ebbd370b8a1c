import type { QueryRunner } from 'typeorm';
import { insertRows, seedNow } from './seed-rows.js';

/**
 * The ListsCore migration's defaults (shared/domain/rules.md), data admins can change afterwards:
 * the list rules, the repair rules, the working calendar of 2026 (国务院办公厅关于2026年部分节假日安排的通知)
 * and the joint-check purposes.
 */
export async function seedListsDefaults(queryRunner: QueryRunner): Promise<void> {
  const now = seedNow();
  await insertRows(queryRunner, 'list_rules', [
    { list: 'red', effectiveFrom: '2020-01-01', durationMonths: 12, earlyExitAfterMonths: null, objectionWorkingDays: 0, repairAfterMonths: null, repairNeedsTraining: false,
      legalBasis: '《园区管理公约》诚信主体评定办法；年度自律评分结果', createdAt: now },
    { list: 'black', effectiveFrom: '2020-01-01', durationMonths: 36, earlyExitAfterMonths: 12, objectionWorkingDays: 10, repairAfterMonths: 12, repairNeedsTraining: true,
      legalBasis: '《市场监督管理严重违法失信名单管理办法》第二条、第十条', createdAt: now },
    { list: 'watch', effectiveFrom: '2020-01-01', durationMonths: 12, earlyExitAfterMonths: null, objectionWorkingDays: 10, repairAfterMonths: 3, repairNeedsTraining: false,
      legalBasis: '《园区管理公约》重点关注对象管理规定', createdAt: now },
  ]);
  await insertRows(queryRunner, 'repair_rules', [
    { subject: 'finding_minor', effectiveFrom: '2020-01-01', needsTraining: false, replyWorkingDays: 10, decisionWorkingDays: 3, createdAt: now },
    { subject: 'finding_general', effectiveFrom: '2020-01-01', needsTraining: false, replyWorkingDays: 10, decisionWorkingDays: 3, createdAt: now },
    { subject: 'finding_serious', effectiveFrom: '2020-01-01', needsTraining: true, replyWorkingDays: 10, decisionWorkingDays: 3, createdAt: now },
    { subject: 'black', effectiveFrom: '2020-01-01', needsTraining: true, replyWorkingDays: 10, decisionWorkingDays: 3, createdAt: now },
    { subject: 'watch', effectiveFrom: '2020-01-01', needsTraining: false, replyWorkingDays: 10, decisionWorkingDays: 3, createdAt: now },
  ]);
  const days: { day: string; kind: 'holiday' | 'workday'; name: string; updatedById: null; updatedAt: string }[] = [];
  const off = (from: string, to: string, name: string) => {
    for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
      days.push({ day: d.toISOString().slice(0, 10), kind: 'holiday', name, updatedById: null, updatedAt: now });
    }
  };
  const work = (day: string, name: string) => days.push({ day, kind: 'workday', name, updatedById: null, updatedAt: now });
  off('2026-01-01', '2026-01-03', '元旦'); work('2026-01-04', '元旦调休上班');
  work('2026-02-14', '春节调休上班'); off('2026-02-15', '2026-02-23', '春节'); work('2026-02-28', '春节调休上班');
  off('2026-04-04', '2026-04-06', '清明节');
  off('2026-05-01', '2026-05-05', '劳动节'); work('2026-05-09', '劳动节调休上班');
  off('2026-06-19', '2026-06-21', '端午节');
  off('2026-09-25', '2026-09-27', '中秋节');
  work('2026-09-20', '国庆节调休上班'); off('2026-10-01', '2026-10-07', '国庆节'); work('2026-10-10', '国庆节调休上班');
  await insertRows(queryRunner, 'calendar_days', days);
  await insertRows(queryRunner, 'check_purposes', [
    { code: 'administrative_approval', nameZh: '行政审批', nameEn: 'Administrative approval', active: true, sortOrder: 10 },
    { code: 'government_procurement', nameZh: '政府采购', nameEn: 'Government procurement', active: true, sortOrder: 20 },
    { code: 'subsidy', nameZh: '财政补贴与资金扶持', nameEn: 'Subsidies and funding', active: true, sortOrder: 30 },
    { code: 'honours', nameZh: '评优评先', nameEn: 'Honours and awards', active: true, sortOrder: 40 },
    { code: 'park_services', nameZh: '园区服务', nameEn: 'Park services', active: true, sortOrder: 50 },
    { code: 'financing', nameZh: '融资信贷', nameEn: 'Financing and credit', active: true, sortOrder: 60 },
  ]);
}

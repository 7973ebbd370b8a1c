import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsersService } from '../accounts/users.service.js';
import { openPdf } from '../common/pdf/pdf-document.js';
import type { Principal } from '../common/principal.js';
import { AppConfig } from '../config/app-config.js';
import { ACCEPTED_TYPES } from '../files/domain/file-type.rules.js';
import { incomingDir } from '../files/files.service.js';
import type { UploadedPart } from '../files/upload.interceptor.js';
import { I18nService } from '../i18n/i18n.service.js';
import type { SelfReportKind } from '../scoring/domain/self-report.rules.js';
import { SelfReportsQueries } from '../scoring/self-reports/self-reports.queries.js';
import { SelfReportsService } from '../scoring/self-reports/self-reports.service.js';
import { DEMO_ACCOUNTS } from './demo-data.js';

/** The demo officer's claims: an honour staff approved, and an adopted suggestion awaiting review. */
const DEMO_SELF_REPORTS: { kind: SelfReportKind; title: string; description: string; issuer: string; daysAgo: number; approve: boolean }[] = [
  {
    kind: 'honour', title: '区级安全生产先进单位', issuer: '浦东新区应急管理局', daysAgo: 40, approve: true,
    description: '公司连续三年无安全生产事故，获评本年度区级安全生产先进单位，证书见附件。',
  },
  {
    kind: 'suggestion', title: '园区共享充电桩错峰使用建议', issuer: '园区管理公司', daysAgo: 10, approve: false,
    description: '建议园区共享充电桩按楼栋错峰预约使用，已被园区管理公司采纳并于本月试行。',
  },
];

/**
 * Seeds the demo officer's tenant's self-reports once (when it has none), through the self-reports
 * service as the pages would: each claim with a one-page PDF as evidence; the honour approved by the
 * demo staff member, so it shows as a P09 contribution, the suggestion left in staff's queue.
 */
@Injectable()
export class DemoSelfReportsSeeder {
  constructor(
    private readonly selfReports: SelfReportsService,
    private readonly queries: SelfReportsQueries,
    private readonly users: UsersService,
    private readonly i18n: I18nService,
    private readonly config: AppConfig,
  ) {}

  async seed(): Promise<number> {
    const officerAccount = DEMO_ACCOUNTS.find((a) => a.role === 'tenant_officer');
    const staffAccount = DEMO_ACCOUNTS.find((a) => a.role === 'park_staff');
    const [officerUser, staffUser] = await Promise.all([
      officerAccount ? this.users.findByEmail(officerAccount.email) : null,
      staffAccount ? this.users.findByEmail(staffAccount.email) : null,
    ]);
    if (!officerUser?.tenantId || !staffUser) return 0;
    const officer = principalOf(officerUser, officerUser.tenantId);
    if ((await this.queries.list(officer, {})).total > 0) return 0;
    const staff = principalOf(staffUser, null);
    const today = DateTime.fromISO(this.i18n.today(), { zone: 'utc' });
    for (const r of DEMO_SELF_REPORTS) {
      const evidence = await this.evidenceFile(r.title);
      const row = await this.selfReports.submit({
        kind: r.kind, title: r.title, description: r.description, issuer: r.issuer, occurredOn: today.minus({ days: r.daysAgo }).toISODate()!,
      }, [evidence], officer, { userId: officerUser.id, label: 'demo-seed', ip: null }, 'page');
      if (r.approve) await this.selfReports.decide(row.id, { decision: 'approve', reason: '证书原件已核对。' }, staff, { userId: staffUser.id, label: 'demo-seed', ip: null });
    }
    return DEMO_SELF_REPORTS.length;
  }

  /** A one-page PDF, written to the uploads' incoming folder as an upload would be. */
  private async evidenceFile(title: string): Promise<UploadedPart> {
    const dir = incomingDir(this.config);
    await mkdir(dir, { recursive: true });
    const path = join(dir, `demo-${randomUUID()}`);
    const { doc, finish } = await openPdf(createWriteStream(path), { Title: title });
    doc.fontSize(16).text(title).moveDown().fontSize(11).text('证明材料（演示）');
    await finish();
    const content = await readFile(path);
    return {
      fieldname: 'files', originalname: `${title}.pdf`, path, size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'), type: ACCEPTED_TYPES.pdf,
    };
  }
}

function principalOf(u: { id: number; email: string; name: string; role: Principal['role'] }, tenantId: number | null): Principal {
  return { userId: u.id, email: u.email, name: u.name, role: u.role, tenantId, departmentId: null, institutionId: null, locale: null, via: 'session', mustChangePassword: false };
}

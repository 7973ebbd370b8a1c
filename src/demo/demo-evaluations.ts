import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsersService } from '../accounts/users.service.js';
import { openPdf } from '../common/pdf/pdf-document.js';
import type { Actor, Principal } from '../common/principal.js';
import { AppConfig } from '../config/app-config.js';
import type { EvaluationGrade } from '../evaluations/domain/evaluation.rules.js';
import { InstitutionsService } from '../evaluations/institutions/institutions.service.js';
import { EvaluationsService } from '../evaluations/records/evaluations.service.js';
import { ACCEPTED_TYPES } from '../files/domain/file-type.rules.js';
import { incomingDir } from '../files/files.service.js';
import type { UploadedPart } from '../files/upload.interceptor.js';
import { I18nService } from '../i18n/i18n.service.js';
import { usccCheckCharacter } from '../tenants/domain/uscc.rules.js';
import { DEMO_ACCOUNTS } from './demo-data.js';

const SEED_ACTOR: Actor = { userId: null, label: 'demo-seed', ip: null };
const BODY = '91310115MA1K4HX0P';
/** The demo institution's credit code (GB 32100 check character computed). */
export const DEMO_INSTITUTION_USCC = BODY + usccCheckCharacter(BODY);
export const DEMO_INSTITUTION_NAME = '华信第三方评价中心';

/** The demo evaluations: tenant index, grade, scores, and whether staff accepted it. */
const DEMO_EVALUATIONS: { tenant: number; grade: EvaluationGrade; scores: Record<string, number>; accepted: boolean; summary: string }[] = [
  {
    tenant: 0, grade: 'A', accepted: true, summary: '公司治理规范，安全生产与环境管理制度健全，依法纳税，数据安全管理到位。',
    scores: { governance: 92, work_safety: 90, environment: 88, labour: 91, tax: 95, data_security: 86 },
  },
  {
    tenant: 1, grade: 'B', accepted: false, summary: '整体合规；危化品仓储台账需完善，劳动合同签订率有待提高。',
    scores: { governance: 84, work_safety: 76, environment: 80, labour: 72, tax: 90, data_security: 78 },
  },
];

/**
 * Seeds the demo park's third pillar once (when the demo institution is missing), through the
 * evaluations services: 「华信第三方评价中心」 accredited for three years, engaged for the first four
 * demo tenants (one engagement due next week, not evaluated yet), the demo evaluator bound to it,
 * an accepted grade-A evaluation of the officer's tenant and a submitted grade-B one awaiting staff.
 */
@Injectable()
export class DemoEvaluationsSeeder {
  constructor(
    private readonly institutions: InstitutionsService,
    private readonly evaluations: EvaluationsService,
    private readonly users: UsersService,
    private readonly i18n: I18nService,
    private readonly config: AppConfig,
  ) {}

  async seed(tenantIds: number[]): Promise<number> {
    if ((await this.institutions.list()).some((i) => i.uscc === DEMO_INSTITUTION_USCC)) return 0;
    const evaluatorAccount = DEMO_ACCOUNTS.find((a) => a.role === 'evaluator');
    const staffAccount = DEMO_ACCOUNTS.find((a) => a.role === 'park_staff');
    const [evaluatorUser, staffUser] = await Promise.all([
      evaluatorAccount ? this.users.findByEmail(evaluatorAccount.email) : null,
      staffAccount ? this.users.findByEmail(staffAccount.email) : null,
    ]);
    if (!evaluatorUser || !staffUser || tenantIds.length < 4) return 0;
    const today = DateTime.fromISO(this.i18n.today(), { zone: 'utc' });
    const day = (days: number) => today.plus({ days }).toISODate()!;
    const institution = await this.institutions.save(null, {
      name: DEMO_INSTITUTION_NAME, uscc: DEMO_INSTITUTION_USCC, accreditationNo: 'SH-PJ-2026-018', validFrom: day(-365), validTo: day(730), active: true,
    }, SEED_ACTOR);
    for (const [i, tenantId] of tenantIds.slice(0, 4).entries()) {
      await this.institutions.addEngagement(institution.id, { tenant: '', periodFrom: day(-365), periodTo: i === 3 ? day(7) : day(60), note: i === 3 ? '年度评价' : undefined }, staffUser.id, SEED_ACTOR, tenantId);
    }
    await this.users.setInstitution(evaluatorUser.id, institution.id, SEED_ACTOR);
    const evaluator = principalOf(evaluatorUser, institution.id);
    const staff = principalOf(staffUser, null);
    for (const e of DEMO_EVALUATIONS) {
      const report = await this.reportFile(e.grade);
      const evaluation = await this.evaluations.submit({
        tenantId: tenantIds[e.tenant], periodFrom: day(-365), periodTo: day(-35), scores: e.scores, grade: e.grade, summary: e.summary, validUntil: day(330),
      }, [report], evaluator, { ...SEED_ACTOR, userId: evaluatorUser.id }, 'page');
      if (e.accepted) await this.evaluations.accept(evaluation.id, staff, { ...SEED_ACTOR, userId: staffUser.id });
    }
    return 1 + DEMO_EVALUATIONS.length;
  }

  /** A one-page PDF report, written to the uploads' incoming folder as an upload would be. */
  private async reportFile(grade: string): Promise<UploadedPart> {
    const dir = incomingDir(this.config);
    await mkdir(dir, { recursive: true });
    const path = join(dir, `demo-${randomUUID()}`);
    const out = createWriteStream(path);
    const { doc, finish } = await openPdf(out, { Title: `${DEMO_INSTITUTION_NAME} 评价报告` });
    doc.fontSize(18).text(`${DEMO_INSTITUTION_NAME}`).moveDown().fontSize(12).text(`第三方信用评价报告（演示）  等级：${grade}`);
    await finish();
    const content = await readFile(path);
    return {
      fieldname: 'report', originalname: `评价报告-${grade}.pdf`, path, size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'), type: ACCEPTED_TYPES.pdf,
    };
  }
}

function principalOf(u: { id: number; email: string; name: string; role: Principal['role'] }, institutionId: number | null): Principal {
  return { userId: u.id, email: u.email, name: u.name, role: u.role, tenantId: null, departmentId: null, institutionId, locale: null, via: 'session', mustChangePassword: false };
}

import type { Type } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { UsersService } from '../accounts/users.service.js';
import type { Actor, Principal } from '../common/principal.js';
import { AppConfig } from '../config/app-config.js';
import { SigningService } from '../conventions/signing/signing.service.js';
import { ACCEPTED_TYPES } from '../files/domain/file-type.rules.js';
import { FindingsService } from '../findings/core/findings.service.js';
import { incomingDir } from '../files/files.service.js';
import { I18nService } from '../i18n/i18n.service.js';
import { ListEntriesService } from '../lists/entries/list-entries.service.js';
import { IncentivesService } from '../lists/incentives/incentives.service.js';
import { MeasuresCatalogueService } from '../lists/incentives/measures-catalogue.service.js';
import { JointChecksService } from '../lists/joint-checks/joint-checks.service.js';
import { RepairsService } from '../lists/repair/repairs.service.js';
import { ScoreHistoryQueries } from '../scoring/core/score-history.queries.js';
import { TenantsService } from '../tenants/tenants.service.js';
import { DEMO_ACCOUNTS, DEMO_TENANTS } from './demo-data.js';
import { DEMO_FINDINGS } from './demo-findings.js';

/** What the seed needs of the application: its providers. */
export interface DemoListsApp {
  get<T>(type: Type<T>, options?: { strict: boolean }): T;
}

const principalOf = (u: { id: number; email: string; name: string; role: Principal['role']; tenantId: number | null; departmentId: number | null }): Principal => ({
  userId: u.id, email: u.email, name: u.name, role: u.role, tenantId: u.tenantId, departmentId: u.departmentId, institutionId: null, locale: null, via: 'session', mustChangePassword: false,
});

/** A one-page PDF the detector accepts, standing for the scanned receipt an officer would upload. */
function tinyPdf(text: string): Buffer {
  const body = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/**
 * The demo park's lists and what follows from them, through the lists' own services, once (only in a
 * park with no list entry yet), after the score months so the red list takes the best published scores:
 * - red: the three best tenants of the last published month without an open finding (staff propose, the
 *   regulator approves), and a fourth that left early at its own request;
 * - black: the tenant whose licence was revoked, its objection window back-dated as if it had run out, approved;
 *   two restrictions applied to it;
 * - watch: a proposal for the tenant whose fine went unrectified, in its objection window;
 * - credit repair: the officer's tenant signs the credit commitment letter and applies to repair the fine decided
 *   four months ago, with a receipt; staff accepted it, the regulator has the decision to make;
 * - 信易+: the officer's tenant claims what it is eligible for; staff approve one;
 * - joint checks: a dozen checks by other systems over these tenants, half with feedback.
 * Returns how many entries it created.
 */
export async function seedDemoLists(app: DemoListsApp): Promise<number> {
  const get = <T>(type: Type<T>) => app.get(type, { strict: false });
  if (await get(ListEntriesService).anyEntry()) return 0;
  const users = get(UsersService);
  const tenants = get(TenantsService);
  const entries = get(ListEntriesService);
  const i18n = get(I18nService);
  const today = DateTime.fromISO(i18n.today(), { zone: 'utc' });
  const account = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role);
  const [staffUser, regulatorUser, officerUser] = await Promise.all(['park_staff', 'regulator', 'tenant_officer'].map((role) => users.findByEmail(account(role)!.email)));
  if (!staffUser || !regulatorUser || !officerUser) return 0;
  const staff = principalOf(staffUser);
  const regulator = principalOf(regulatorUser);
  const officer = principalOf(officerUser);
  const actorOf = (p: Principal): Actor => ({ userId: p.userId, label: 'demo-seed', ip: null });
  const ids: number[] = [];
  for (const t of DEMO_TENANTS) ids.push((await tenants.findByUscc(t.uscc))!.id);
  let created = 0;

  // Red: the best of the last published month without an open finding (the officer's own tenant has some).
  const standing = await get(ScoreHistoryQueries).publishedStanding(ids);
  const withFindings = new Set(DEMO_FINDINGS.map((f) => ids[f.tenant]));
  const best = [...standing.values()].filter((s) => !withFindings.has(s.tenantId) && (s.grade === 'A' || s.grade === 'B'))
    .sort((a, b) => b.score - a.score || a.tenantId - b.tenantId).slice(0, 4);
  const year = today.year;
  const redIds: number[] = [];
  for (const s of best) {
    const entry = await entries.propose({
      tenantId: s.tenantId, list: 'red', criterion: 'annual_nomination',
      reasons: `${s.month} 月度自律评分 ${s.score} 分（${s.grade} 级），无负面清单事项，园区提名为诚信主体。`,
      records: [{ type: 'score_month', id: Number(s.month.replace('-', '')), label: `${s.month} 月度评分` }],
    }, staff, actorOf(staff), 'page');
    await entries.approve(entry.id, { reason: `年度诚信主体评定（${year} 年）。` }, regulator, actorOf(regulator));
    redIds.push(entry.id);
    created++;
  }
  if (redIds.length === 4) await entries.exit(redIds[3], { reason: '企业搬迁在即，申请退出诚信主体名单。' }, regulator, actorOf(regulator));

  // Black: the revoked licence. The prior notice went out three weeks ago and its window ran out unanswered.
  const revoked = DEMO_FINDINGS.findIndex((f) => f.penaltyKind === 'revocation');
  const blackTenant = revoked >= 0 ? ids[DEMO_FINDINGS[revoked].tenant] : null;
  if (blackTenant) {
    const finding = DEMO_FINDINGS[revoked];
    const black = await entries.propose({
      tenantId: blackTenant, list: 'black', criterion: 'serious_heavy_penalty',
      reasons: `${finding.title}（${finding.decisionNo}），属严重违法行为并受到吊销许可证的较重行政处罚。`,
      records: [{ type: 'finding', id: await findingId(app, regulator.departmentId!, finding.decisionNo), label: finding.decisionNo }],
    }, staff, actorOf(staff), 'page');
    const noticed = today.minus({ days: 21 });
    await entries.noticedEarlier(black.id, noticed.toJSDate(), today.minus({ days: 4 }).toISODate()!, actorOf(staff));
    await entries.approve(black.id, { reason: '异议期届满未提出异议，事实清楚、依据充分，同意列入。' }, regulator, actorOf(regulator));
    created++;
    const incentives = get(IncentivesService);
    const measures = await get(MeasuresCatalogueService).all();
    for (const code of ['no_subsidy', 'no_honours']) {
      const measure = measures.find((m) => m.code === code);
      if (measure) {
        await incentives.applyRestriction({ measureId: measure.id, tenantId: blackTenant, note: `列入严重失信主体名单（${finding.decisionNo}）。` }, staff, actorOf(staff))
          .catch(() => undefined);
      }
    }
  }

  // Watch: the fine left unrectified; the tenant has ten working days to object.
  const overdue = DEMO_FINDINGS.find((f) => f.type === 'penalty' && f.penaltyKind === 'fine' && f.tenant !== 0);
  if (overdue) {
    await entries.propose({
      tenantId: ids[overdue.tenant], list: 'watch', criterion: 'other',
      reasons: `${overdue.title}（${overdue.decisionNo}）整改期限已过仍未整改，拟列为重点关注对象，加强日常监管。`,
      records: [{ type: 'finding', id: await findingId(app, regulator.departmentId!, overdue.decisionNo), label: overdue.decisionNo }],
    }, staff, actorOf(staff), 'page');
    created++;
  }

  await seedRepair(app, officer, staff, regulator.departmentId!, ids[0]);
  await seedClaims(app, officer, staff);
  await seedJointChecks(app, regulator, staff, ids, blackTenant, best.slice(0, 3).map((s) => s.tenantId));
  return created;
}

/** A demo finding's id, by the market regulator's department and its decision number. */
async function findingId(app: DemoListsApp, departmentId: number, decisionNo: string): Promise<number> {
  const found = await app.get(FindingsService, { strict: false }).existing(app.get(DataSource, { strict: false }).manager, [{ departmentId, decisionNo }]);
  return [...found.values()][0] ?? 0;
}

/** The officer signs the credit commitment letter and applies to repair the fine of four months ago; staff accept it. */
async function seedRepair(app: DemoListsApp, officer: Principal, staff: Principal, departmentId: number, tenantId: number): Promise<void> {
  const get = <T>(type: Type<T>) => app.get(type, { strict: false });
  const signing = get(SigningService);
  const repairs = get(RepairsService);
  const letter = (await signing.obligationsOf(tenantId)).find((o) => o.kind === 'commitment' && o.signable);
  if (letter) await signing.sign(letter.id, { signerName: officer.name.replace(/^合规专员\s*/, ''), signerTitle: '合规负责人', consent: true }, officer, null, 'demo-seed');
  const signatureId = (await signing.obligationsOf(tenantId)).find((o) => o.kind === 'commitment')?.signatureId;
  const fine = DEMO_FINDINGS.find((f) => f.tenant === 0 && f.type === 'penalty');
  if (!signatureId || !fine) return;
  const subject = `finding:${await findingId(app, departmentId, fine.decisionNo)}`;
  const content = tinyPdf('repair receipt');
  const dir = incomingDir(get(AppConfig));
  await mkdir(dir, { recursive: true });
  const path = join(dir, randomUUID());
  await writeFile(path, content);
  const application = await repairs.submit({
    subject, statement: '已足额缴纳罚款，库存及在产产品已全部加施能效标识，并建立出厂标识核对制度，承诺今后严格守法经营。', commitmentSignatureId: signatureId,
  }, [{ fieldname: 'files', originalname: '罚款缴纳凭证.pdf', path, size: content.length, sha256: createHash('sha256').update(content).digest('hex'), type: ACCEPTED_TYPES.pdf }],
  officer, { userId: officer.userId, label: 'demo-seed', ip: null }, 'page').catch(() => null);
  if (application) await repairs.reply(application.id, { note: '材料齐全，已受理，转监管部门决定。' }, staff, { userId: staff.userId, label: 'demo-seed', ip: null });
}

/** The officer's tenant claims the incentives it is eligible for; staff approve the first. */
async function seedClaims(app: DemoListsApp, officer: Principal, staff: Principal): Promise<void> {
  const get = <T>(type: Type<T>) => app.get(type, { strict: false });
  const incentives = get(IncentivesService);
  const { offers } = await incentives.offers(officer.tenantId!);
  const eligible = offers.filter((o) => o.eligible).slice(0, 2);
  for (const [k, o] of eligible.entries()) {
    const claim = await incentives.claim({ measureId: o.measure.id, note: k === 0 ? '2027 年度物业服务费' : '申请合作银行信用贷款 300 万元' },
      officer, { userId: officer.userId, label: 'demo-seed', ip: null }).catch(() => null);
    if (claim && k === 0) await incentives.decide(claim.id, { decision: 'approve', reason: '符合条件，同意。' }, staff, { userId: staff.userId, label: 'demo-seed', ip: null });
  }
}

/** Other systems check the listed tenants and a few ordinary ones, and report back on half of the checks. */
async function seedJointChecks(app: DemoListsApp, regulator: Principal, staff: Principal, ids: number[], blackTenant: number | null, redTenants: number[]): Promise<void> {
  const get = <T>(type: Type<T>) => app.get(type, { strict: false });
  const checks = get(JointChecksService);
  const uscc = (tenantId: number) => DEMO_TENANTS[ids.indexOf(tenantId)].uscc;
  const asks: { tenantId: number; purpose: string; requester: string; by: Principal }[] = [
    ...redTenants.slice(0, 2).flatMap((t) => [
      { tenantId: t, purpose: 'administrative_approval', requester: '区政务服务中心审批系统', by: regulator },
      { tenantId: t, purpose: 'financing', requester: '合作银行信贷审批系统', by: staff },
    ]),
    ...(blackTenant ? [
      { tenantId: blackTenant, purpose: 'subsidy', requester: '区财政局补贴申报系统', by: regulator },
      { tenantId: blackTenant, purpose: 'government_procurement', requester: '区公共资源交易中心', by: regulator },
      { tenantId: blackTenant, purpose: 'honours', requester: '区评优评先系统', by: staff },
    ] : []),
    { tenantId: ids[0], purpose: 'park_services', requester: '园区物业服务系统', by: staff },
    { tenantId: ids[5], purpose: 'administrative_approval', requester: '区政务服务中心审批系统', by: regulator },
  ];
  for (const [k, a] of asks.entries()) {
    const answer = await checks.check({ uscc: uscc(a.tenantId), purpose: a.purpose, requester: a.requester }, a.by, 'zh-CN').catch(() => null);
    if (!answer || k % 2 === 1) continue;
    await checks.feedback(answer.checkId, {
      applied: answer.measures.map((m, i) => ({ code: m.code, applied: i === 0, note: i === 0 ? '已按措施办理' : undefined })), note: '已办结',
    }, a.by, { userId: a.by.userId, label: 'demo-seed', ip: null }).catch(() => undefined);
  }
}

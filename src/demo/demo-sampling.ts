import type { Type } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DepartmentsService } from '../accounts/departments.service.js';
import { UsersService } from '../accounts/users.service.js';
import type { Actor, Principal } from '../common/principal.js';
import { I18nService } from '../i18n/i18n.service.js';
import { DrawsService } from '../sampling/draws/draws.service.js';
import { TasksQueries } from '../sampling/inspections/tasks.queries.js';
import { TasksService } from '../sampling/inspections/tasks.service.js';
import { InspectorPoolService } from '../sampling/inspectors/inspector-pool.service.js';
import { InspectorsService } from '../sampling/inspectors/inspectors.service.js';
import { InspectionItemsService } from '../sampling/items/inspection-items.service.js';
import { ProgrammesQueries } from '../sampling/programmes/programmes.queries.js';
import { ProgrammesService } from '../sampling/programmes/programmes.service.js';
import { TenantsService } from '../tenants/tenants.service.js';
import { DEMO_ACCOUNTS, DEMO_TENANTS } from './demo-data.js';
import { DEMO_FINDINGS } from './demo-findings.js';

/** What the seed needs of the application: its providers. */
export interface DemoSamplingApp {
  get<T>(type: Type<T>, options?: { strict: boolean }): T;
}

/** Demo inspectors besides regulator@demo: one more of market regulation, three of emergency management. */
export const DEMO_INSPECTORS = [
  { email: 'inspector1@demo.parktrust.cn', name: '市场监管 韩雪', department: 'market' },
  { email: 'inspector2@demo.parktrust.cn', name: '应急管理 曹阳', department: 'emergency' },
  { email: 'inspector3@demo.parktrust.cn', name: '应急管理 彭博', department: 'emergency' },
  { email: 'inspector4@demo.parktrust.cn', name: '应急管理 邓琳', department: 'emergency' },
] as const;
export const DEMO_INSPECTOR_PASSWORD = 'Regulator#2026park';

const principalOf = (u: { id: number; email: string; name: string; role: Principal['role']; tenantId: number | null; departmentId: number | null }): Principal => ({
  userId: u.id, email: u.email, name: u.name, role: u.role, tenantId: u.tenantId, departmentId: u.departmentId, institutionId: null, locale: null, via: 'session', mustChangePassword: false,
});

/**
 * The demo park's risk-based random inspection, through the sampling services, once (only when no
 * programme exists), after the lists (listed tenants are targeted):
 * - the pool: regulator@demo and inspector1@demo for market regulation, inspector2–4@demo for emergency
 *   management; inspector1 declared a conflict with the tenant on the abnormal-operations list (targeted
 *   in every draw, so its task needs a manual assignment), inspector4 is away around the next draw;
 * - this year's joint programme (market regulation 2 per visit, emergency management 1), drafted by
 *   staff@demo and approved by regulator@demo;
 * - draw 1, two weeks ago, announced and drawn (times back-dated through the service), with public
 *   entropy; of its tasks one is clean and one found problems (a finding), both published, one was not
 *   found at its address (an abnormal-operations proposal for regulator@demo to decide), the rest open;
 * - draw 2, next week, announced (frame frozen, seed committed);
 * - an amendment (C grade ratio raised) drafted by staff, with a reviewer's comment, awaiting approval.
 * Returns how many records it created (0 when a programme exists or an account is missing).
 */
export async function seedDemoSampling(app: DemoSamplingApp): Promise<number> {
  const get = <T>(type: Type<T>) => app.get(type, { strict: false });
  const programmesQueries = get(ProgrammesQueries);
  if ((await programmesQueries.list({ page: 1, pageSize: 1 })).total > 0) return 0;
  const users = get(UsersService);
  const departments = get(DepartmentsService);
  const i18n = get(I18nService);
  const zone = i18n.timeZone;
  const account = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!;
  const [staffUser, regulatorUser] = await Promise.all([users.findByEmail(account('park_staff').email), users.findByEmail(account('regulator').email)]);
  const market = await departments.findByCode('market');
  const emergency = await departments.findByCode('emergency');
  if (!staffUser || !regulatorUser || !market || !emergency) return 0;
  const staff = principalOf(staffUser);
  const regulator = principalOf(regulatorUser);
  const actorOf = (p: Principal): Actor => ({ userId: p.userId, label: 'demo-seed', ip: null });
  let created = 0;

  // The pool: the demo inspectors' accounts (once), then everyone flagged.
  const inspectorUsers: NonNullable<Awaited<ReturnType<UsersService['findByEmail']>>>[] = [];
  for (const d of DEMO_INSPECTORS) {
    let user = await users.findByEmail(d.email);
    if (!user) {
      user = await users.create({
        email: d.email, name: d.name, role: 'regulator', password: DEMO_INSPECTOR_PASSWORD,
        departmentId: d.department === 'market' ? market.id : emergency.id, mustChangePassword: false,
      }, actorOf(staff));
      created++;
    }
    inspectorUsers.push(user);
  }
  const inspectors = get(InspectorsService);
  const pool = get(InspectorPoolService);
  const inspectorIdOf = new Map<number, number>();
  for (const u of [regulatorUser, ...inspectorUsers]) {
    const existing = await pool.inspectorOfUser(u.id);
    const id = existing ? existing.inspectorId : (await inspectors.flag({ userId: u.id }, actorOf(staff))).id;
    if (!existing) created++;
    inspectorIdOf.set(u.id, id);
  }
  const principalOfUser = new Map([regulatorUser, ...inspectorUsers].map((u) => [u.id, principalOf(u)]));

  const tenants = get(TenantsService);
  // The tenant on the abnormal-operations list is targeted in every draw: with this conflict its task is short of a market inspector.
  const abnormal = DEMO_FINDINGS.find((f) => f.type === 'abnormal_operations');
  const conflictTenant = abnormal ? await tenants.findByUscc(DEMO_TENANTS[abnormal.tenant].uscc) : null;
  const inspector1 = principalOf(inspectorUsers[0]);
  if (conflictTenant) {
    await inspectors.declareConflict(inspectorIdOf.get(inspector1.userId)!, { tenantId: conflictTenant.id, reason: '近亲属在该企业担任财务负责人' }, inspector1, actorOf(inspector1));
    created++;
  }

  // The calendar: draw 1 two weeks ago, draw 2 next week, both in this year (the seed skips a draw that would leave it).
  const now = DateTime.now().setZone(zone);
  const year = now.year;
  const at10 = (d: DateTime) => d.set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
  const pastDraw = at10(now.minus({ days: 14 }));
  const nextDraw = at10(now.plus({ days: 7 }));
  const calendar: { grades: string; announceAt: string; drawAt: string }[] = [];
  const hasPast = pastDraw.year === year;
  const hasNext = nextDraw.year === year;
  if (hasPast) calendar.push({ grades: 'ABCD', announceAt: pastDraw.minus({ days: 7 }).toUTC().toISO()!, drawAt: pastDraw.toUTC().toISO()! });
  if (hasNext) calendar.push({ grades: 'CD', announceAt: now.minus({ hours: 1 }).toUTC().toISO()!, drawAt: nextDraw.toUTC().toISO()! });
  if (hasNext) {
    const inspector4 = principalOf(inspectorUsers[3]);
    await inspectors.addAbsence(inspectorIdOf.get(inspector4.userId)!, {
      fromDate: nextDraw.minus({ days: 1 }).toISODate()!, toDate: nextDraw.plus({ days: 3 }).toISODate()!, reason: '参加省局执法培训',
    }, staff, actorOf(staff));
    created++;
  }

  // The programme: staff draft, the regulator approves.
  const items = await get(InspectionItemsService).listActive([market.id, emergency.id]);
  const itemIds = [...items.filter((i) => i.departmentId === market.id).slice(0, 3), ...items.filter((i) => i.departmentId === emergency.id).slice(0, 2)].map((i) => i.id);
  const programmes = get(ProgrammesService);
  const draft = await programmes.create({
    year, title: `${year} 年度园区“双随机、一公开”联合抽查计划`,
    notes: '市场监管与应急管理联合抽查：一次检查覆盖两部门事项，信用等级越低抽查比例越高；黑名单、经营异常、近期投诉属实的企业定向检查。',
    departments: [{ departmentId: market.id, inspectorsPerTask: 2 }, { departmentId: emergency.id, inspectorsPerTask: 1 }],
    itemIds, targetedRules: ['black_list', 'abnormal_operations', 'recent_complaint'],
    ...(calendar.length ? { draws: calendar } : {}),
  }, staff, actorOf(staff));
  const approved = await programmes.approve(draft.id, { reason: '抽查比例与频次符合本年度监管要求，联合检查安排合理，同意实施。' }, regulator, actorOf(regulator));
  created += 2;

  const draws = get(DrawsService);
  const tasksService = get(TasksService);
  const byCalendar = [...approved.draws].sort((a, b) => a.seq - b.seq);
  const past = hasPast ? byCalendar[0] : null;
  const next = hasNext ? byCalendar[hasPast ? 1 : 0] : null;
  if (past) {
    const announceAt = past.announceAt;
    await draws.announce(past.id, actorOf(staff), announceAt);
    await draws.setEntropy(past.id, '中国体育彩票超级大乐透 第 26118 期开奖号码 04 12 17 25 33 + 02 10', actorOf(regulator), new Date(announceAt.getTime() + 3_600_000));
    await draws.execute(past.id, actorOf(staff), past.drawAt);
    created += 2;
    // Results go to tenants the rest of the demo leaves alone (not the officer's, none with a demo finding), so their scores and lists stay as the other demos describe.
    const busy = await Promise.all([...new Set([account('tenant_officer').tenant!, ...DEMO_FINDINGS.map((f) => f.tenant)])].map((i) => tenants.findByUscc(DEMO_TENANTS[i].uscc)));
    const spared = new Set(busy.flatMap((x) => (x ? [x.id] : [])));
    created += await recordDemoResults(get(TasksQueries), tasksService, past.id, pastDraw, now, principalOfUser, regulator, market.id, spared);
  }
  if (next) {
    await draws.announce(next.id, actorOf(staff));
    created++;
  }

  // An amendment under review: staff raise the C-grade ratio; the regulator asks why.
  const amendment = await programmes.amend(approved.id, staff, actorOf(staff));
  const c = amendment.grades.find((g) => g.grade === 'C')!;
  await programmes.update(amendment.id, {
    grades: { C: { ratioBp: 4000, drawsPerYear: c.drawsPerYear, cooldownMonths: c.cooldownMonths } },
    notes: '上次抽取中 C 级企业问题发现率明显高于其他等级，建议将 C 级每次抽查比例由 30% 提高到 40%。',
  }, staff, actorOf(staff));
  await programmes.comment(amendment.id, { text: '请补充 C 级企业近一年问题发现率的数据，并说明对检查人员工作量的影响。' }, regulator, actorOf(regulator));
  created += 3;
  return created;
}

/**
 * Results of the past draw, by the tasks' own inspectors: clean and problems (published), not found (a
 * proposal left for the market regulator), the rest left open; tasks waiting for a manual assignment and
 * tasks of `spared` tenants stay open.
 */
async function recordDemoResults(
  queries: TasksQueries, service: TasksService, drawId: number, drawDay: DateTime, now: DateTime,
  principals: Map<number, Principal>, publisher: Principal, marketId: number, spared: ReadonlySet<number>,
): Promise<number> {
  const list = await queries.list({ drawId, page: 1, pageSize: 100 } as Parameters<TasksQueries['list']>[0]);
  const open = list.items.filter((i) => !i.needsManual && !spared.has(i.tenant.id)).sort((a, b) => a.id - b.id);
  const inspectedOn = DateTime.min(drawDay.plus({ days: 3 }), now).toISODate()!;
  const plan = [
    { result: 'clean' as const, publish: true, summary: '经营场所与登记住所一致，检查事项均符合要求，未发现问题。' },
    {
      result: 'problems' as const, publish: true, summary: '部分产品未按规定标注生产日期；安全出口指示标志损坏。',
      severity: 'general' as const, title: '产品标识不符合规定', legalBasis: '《中华人民共和国产品质量法》第二十七条',
      description: '联合抽查发现成品仓库内部分产品外包装未标注生产日期和安全使用期，责令限期改正。', rectificationRequired: true,
      rectifyBy: DateTime.fromISO(inspectedOn).plus({ days: 30 }).toISODate()!,
    },
    { result: 'not_found' as const, publish: false, summary: '检查人员两次到登记住所均未找到该企业，现场已无经营迹象。' },
  ];
  let created = 0;
  for (const [n, step] of plan.entries()) {
    const task = open[n];
    if (!task) break;
    const view = await queries.view(await service.visible(task.id, publisher));
    const inspector = step.result === 'problems'
      ? view.inspectors.find((i) => i.departmentId === marketId && principals.has(i.userId))
      : view.inspectors.find((i) => principals.has(i.userId));
    if (!inspector) continue;
    const who = principals.get(inspector.userId)!;
    const actor: Actor = { userId: who.userId, label: 'demo-seed', ip: null };
    const { publish, ...dto } = step;
    await service.recordResult(task.id, { inspectedOn, ...dto, ...(step.result === 'problems' ? { departmentId: marketId } : {}) }, who, actor, 'page');
    created++;
    if (publish) {
      await service.publish(task.id, publisher, { userId: publisher.userId, label: 'demo-seed', ip: null });
      created++;
    }
  }
  return created;
}

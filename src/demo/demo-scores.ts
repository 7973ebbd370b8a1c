import type { Type } from '@nestjs/common';
import { UsersService } from '../accounts/users.service.js';
import type { Actor, Principal } from '../common/principal.js';
import { I18nService } from '../i18n/i18n.service.js';
import { CycleService } from '../scoring/cycle/cycle.service.js';
import { MonthRunService } from '../scoring/cycle/month-run.service.js';
import { monthEnd, monthOf, objectionOpen, previousMonth } from '../scoring/domain/month-cycle.rules.js';
import { DEMO_ACCOUNTS } from './demo-data.js';

const SEED_ACTOR: Actor = { userId: null, label: 'demo-seed', ip: null };

/** What the seed needs of the application: its providers. */
export interface DemoScoresApp {
  get<T>(type: Type<T>, options?: { strict: boolean }): T;
}

function principalOf(u: { id: number; email: string; name: string; role: Principal['role']; tenantId: number | null; departmentId: number | null }): Principal {
  return { userId: u.id, email: u.email, name: u.name, role: u.role, tenantId: u.tenantId, departmentId: u.departmentId, institutionId: null, locale: null, via: 'session', mustChangePassword: false };
}

/**
 * The demo park's monthly cycle, through the cycle's own services: the last three months run,
 * countersigned by the demo regulator and published by the demo staff (each month's objection
 * window opened at its end), then the current month run as a draft with one objection of the demo
 * officer's tenant to its result, with the window open. Only in a park that never ran a month:
 * seeding again, or a later start in another month, adds nothing (the month-end job runs the months
 * from then on). Returns how many months it published.
 */
export async function seedDemoScores(app: DemoScoresApp): Promise<number> {
  const get = <T>(type: Type<T>) => app.get(type, { strict: false });
  const runs = get(MonthRunService);
  const cycle = get(CycleService);
  const users = get(UsersService);
  const today = get(I18nService).today();
  const account = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role);
  const [staffUser, regulatorUser, officerUser] = await Promise.all(
    ['park_staff', 'regulator', 'tenant_officer'].map((role) => (account(role) ? users.findByEmail(account(role)!.email) : Promise.resolve(null))),
  );
  // Only a park that never ran a month: later months belong to the month-end job and to people, not to the seed.
  if (!staffUser || !regulatorUser || await cycle.anyMonth()) return 0;
  const staff = principalOf(staffUser);
  const regulator = principalOf(regulatorUser);
  const as = (p: Principal): Actor => ({ ...SEED_ACTOR, userId: p.userId });

  const current = monthOf(today);
  const past = [previousMonth(previousMonth(previousMonth(current))), previousMonth(previousMonth(current)), previousMonth(current)];
  let published = 0;
  for (const month of past) {
    const existing = await cycle.month(month).catch(() => null);
    if (existing?.status === 'published') continue;
    await runs.run(month, { restart: true, objectionFrom: monthEnd(month) }, SEED_ACTOR);
    await cycle.countersign(month, { note: '演示：已核对等级分布和异议。' }, regulator, as(regulator));
    await cycle.publish(month, staff, as(staff));
    published += 1;
  }

  const draft = await cycle.month(current).catch(() => null);
  if (!draft) await runs.run(current, {}, SEED_ACTOR);
  const month = await cycle.month(current);
  if (officerUser?.tenantId && (month.status === 'draft' || month.status === 'countersigned')) {
    const officer = principalOf(officerUser);
    const filed = await cycle.objectionsFiled(month.id, officerUser.tenantId);
    const snapshot = await cycle.snapshot(month.id, officerUser.tenantId).catch(() => null);
    if (snapshot && !filed && objectionOpen(month.objectionClosesOn, today)) {
      await cycle.object(current, officerUser.tenantId, { reason: '本月 10 日已完成培训补训并提交签到记录，请核实出勤情况后更正评分。' }, [], officer, as(officer));
    }
  }
  return published;
}

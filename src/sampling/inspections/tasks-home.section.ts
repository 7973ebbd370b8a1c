import { Injectable } from '@nestjs/common';
import { isManager, isRegulator } from '../../accounts/domain/access-policy.js';
import type { Principal } from '../../common/principal.js';
import { HomeSection } from '../../home/home-sections.js';
import { TasksQueries } from './tasks.queries.js';
import { TasksService } from './tasks.service.js';

const SHOWN = 5;

/**
 * Inspection work on the home page: an inspector's open tasks (with their publication deadline);
 * a market-regulation regulator's abnormal-operations proposals to decide; park staff's results
 * nearing or past their publication deadline. Nothing when there is nothing to do.
 */
@Injectable()
export class TasksHomeSection {
  constructor(private readonly queries: TasksQueries, private readonly service: TasksService) {}

  @HomeSection({ partial: 'home-sampling-tasks', order: 46 })
  async section(principal: Principal): Promise<Record<string, unknown> | null> {
    const staff = isManager(principal);
    const regulator = isRegulator(principal);
    if (!staff && !regulator) return null;
    const [me, market] = regulator ? await Promise.all([this.queries.inspectorOfUser(principal.userId), this.service.mayDecideAbnormal(principal)]) : [null, false];
    const [mine, proposals, due] = await Promise.all([
      me ? this.queries.mine(me.inspectorId, { pageSize: SHOWN }) : Promise.resolve(null),
      market ? this.queries.list({ abnormal: true, pageSize: SHOWN }) : Promise.resolve(null),
      staff ? this.queries.list({ due: 'soon', pageSize: SHOWN }).then(async (soon) => ({ soon, overdue: await this.queries.list({ due: 'overdue', pageSize: SHOWN }) })) : Promise.resolve(null),
    ]);
    const open = mine ? mine.items.filter((i) => i.status !== 'published') : [];
    const model = {
      mine: open.length ? open : null,
      proposals: proposals?.total ? proposals : null,
      overdue: due?.overdue.total ? due.overdue : null,
      soon: due?.soon.total ? due.soon : null,
    };
    return model.mine || model.proposals || model.overdue || model.soon ? model : null;
  }
}

import { Injectable } from '@nestjs/common';
import { DepartmentsService } from '../accounts/departments.service.js';
import { UsersService } from '../accounts/users.service.js';
import type { Actor } from '../common/principal.js';
import { TenantsService } from '../tenants/tenants.service.js';
import { DEMO_ACCOUNTS, DEMO_TENANTS } from './demo-data.js';

const SEED_ACTOR: Actor = { userId: null, label: 'demo-seed', ip: null };

/** Seeds the demo park through the same services staff use; anything already there is left alone. */
@Injectable()
export class DemoSeedService {
  constructor(
    private readonly tenants: TenantsService,
    private readonly users: UsersService,
    private readonly departments: DepartmentsService,
  ) {}

  async seed(): Promise<{ created: boolean; tenants: number; users: number }> {
    let tenants = 0;
    let users = 0;
    const ids: number[] = [];
    for (const t of DEMO_TENANTS) {
      const existing = await this.tenants.findByUscc(t.uscc);
      if (existing) {
        ids.push(existing.id);
        continue;
      }
      ids.push((await this.tenants.create(t, SEED_ACTOR)).id);
      tenants++;
    }
    for (const a of DEMO_ACCOUNTS) {
      if (await this.users.findByEmail(a.email)) continue;
      const department = a.department ? await this.departments.findByCode(a.department) : null;
      await this.users.create({
        email: a.email, name: a.name, role: a.role, password: a.password,
        tenantId: a.tenant !== undefined ? ids[a.tenant] : undefined,
        departmentId: department?.id,
        mustChangePassword: false,
      }, SEED_ACTOR);
      users++;
    }
    return { created: tenants + users > 0, tenants, users };
  }
}

import { Injectable } from '@nestjs/common';
import { AuditSubjects, type AuditSubject } from '../audit/audit-subjects.js';
import { BuildingsService } from './buildings.service.js';
import { TenantsQueries } from './tenants.queries.js';

const ID = /^[1-9]\d{0,9}$/;

/** How the audit log names tenants: by name, linked to their hub. */
@Injectable()
export class TenantsAuditSubjects {
  constructor(private readonly queries: TenantsQueries, private readonly buildings: BuildingsService) {}

  @AuditSubjects('tenant')
  async tenants(ids: readonly string[]): Promise<Map<string, AuditSubject>> {
    const found = await this.queries.summaries(ids.filter((id) => ID.test(id)).map(Number));
    return new Map([...found.values()].map((t) => [String(t.id), { label: t.name, link: `/tenants/${t.id}` }]));
  }

  /** Buildings by their current name, linked to the list staff keep (a handful of rows: read whole). */
  @AuditSubjects('building')
  async buildingsById(ids: readonly string[]): Promise<Map<string, AuditSubject>> {
    const wanted = new Set(ids);
    return new Map((await this.buildings.all()).filter((b) => wanted.has(String(b.id))).map((b) => [String(b.id), { label: b.name, link: '/buildings' }]));
  }
}

import { Injectable } from '@nestjs/common';
import { AuditSubjects, type AuditSubject } from '../../audit/audit-subjects.js';
import { InspectorPoolService } from './inspector-pool.service.js';

const ID = /^[1-9]\d{0,9}$/;

/** How the audit log names an inspector: their code and name; it opens the inspector's page. */
@Injectable()
export class InspectorsAuditSubjects {
  constructor(private readonly pool: InspectorPoolService) {}

  @AuditSubjects('inspector')
  async inspectors(ids: readonly string[]): Promise<Map<string, AuditSubject>> {
    const rows = await this.pool.byIds(ids.filter((id) => ID.test(id)).map(Number));
    return new Map([...rows].map(([id, r]) => [String(id), { label: `${r.code} ${r.name}`.trim(), link: `/sampling/inspectors/${id}` }]));
  }
}

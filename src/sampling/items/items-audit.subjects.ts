import { Injectable } from '@nestjs/common';
import { AuditSubjects, type AuditSubject } from '../../audit/audit-subjects.js';
import type { Locale } from '../../i18n/messages/index.js';
import { InspectionItemsService } from './inspection-items.service.js';

const ID = /^[1-9]\d{0,9}$/;

/** How the audit log names an inspection item: its code and name in the reader's language; it opens the item's edit form. */
@Injectable()
export class InspectionItemsAuditSubjects {
  constructor(private readonly items: InspectionItemsService) {}

  @AuditSubjects('inspection_item')
  async inspectionItems(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const rows = await this.items.byIds(ids.filter((id) => ID.test(id)).map(Number));
    return new Map([...rows.values()].map((r) => [String(r.id), { label: `${r.code} ${locale === 'en' ? r.nameEn : r.nameZh}`, link: `/sampling/items?q=${encodeURIComponent(r.code)}` }]));
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditSubjects, type AuditSubject } from '../../audit/audit-subjects.js';
import type { Locale } from '../../i18n/messages/index.js';
import { CatalogueItemEntity } from '../entities/catalogue-item.entity.js';

const ID = /^[1-9]\d{0,9}$/;

/** How the audit log names an item of the credit information catalogue: its name in the reader's language; it opens the item on the catalogue page. */
@Injectable()
export class CatalogueAuditSubjects {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @AuditSubjects('catalogue_item')
  async catalogueItems(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = ids.filter((id) => ID.test(id)).map(Number);
    if (!wanted.length) return new Map();
    const rows = await this.dataSource.getRepository(CatalogueItemEntity).find({ where: { id: In(wanted) }, select: { id: true, code: true, nameZh: true, nameEn: true } });
    return new Map(rows.map((r) => [String(r.id), { label: locale === 'en' ? r.nameEn : r.nameZh, link: `/credit-catalogue#${r.code}` }]));
  }
}

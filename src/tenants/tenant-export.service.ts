import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { keysetBatches, tableRows, whereAfter, writeTable, type TableColumn, type TabularFormat } from '../common/tabular/tabular-export.js';
import { I18nService } from '../i18n/i18n.service.js';
import { columnNamesFor } from './domain/tenant-import.rules.js';
import type { TenantQueryDto } from './dto/tenant.dto.js';
import type { TenantEntity } from './entities/tenant.entity.js';
import { sortColumn, TenantsService } from './tenants.service.js';
import { industryName } from './domain/industry-classification.js';

/** XLSX widths of the import columns, then the status and the industry's name; the move-in date is a real date cell. */
const WIDTHS = [20, 36, 14, 8, 10, 10, 12, 16, 10, 36];
const MOVED_IN_INDEX = 6;

/**
 * Exports the filtered tenant list as CSV or XLSX on the tabular kit, streamed in batches: keyset
 * pagination on the list's own sort (then id), so a 200,000-row export never holds more than one batch.
 */
@Injectable()
export class TenantExportService {
  constructor(private readonly tenants: TenantsService, private readonly i18n: I18nService) {}

  /** A dated file name in the park's time zone, e.g. `tenants-2026-11-28.csv`. */
  fileName(format: TabularFormat): string {
    return `tenants-${this.i18n.today()}.${format}`;
  }

  async write(format: TabularFormat, query: TenantQueryDto, locale: string, out: Writable): Promise<void> {
    await writeTable(format, {
      sheetName: this.i18n.t(locale, 'tenants.title'),
      columns: this.columns(locale),
      rows: tableRows(this.batches(query), (t) => this.cells(t, locale)),
    }, out);
  }

  /** The list's filters and order, one batch at a time. */
  private batches(query: TenantQueryDto): AsyncGenerator<TenantEntity[]> {
    const column = sortColumn(query.sort);
    return keysetBatches<TenantEntity>(({ after, offset, limit }) => {
      const qb = this.tenants.filtered(query);
      // Timestamps lose precision on the way to JavaScript, and a keyset cannot step over nulls; page those by offset.
      if (column === 'createdAt' || column === 'industry' || column === 'buildingId') qb.offset(offset);
      else if (after) whereAfter(qb, `t.${column}`, 't.id', { key: after[column] as string, id: after.id }, query.dir === 'desc' ? 'desc' : 'asc');
      return qb.limit(limit).getMany();
    });
  }

  private columns(locale: string): TableColumn[] {
    const headers = [
      ...columnNamesFor(locale), locale === 'en' ? 'status' : this.i18n.t(locale, 'tenants.status'),
      locale === 'en' ? 'industryName' : this.i18n.t(locale, 'tenants.industryName'),
    ];
    return headers.map((header, i) => ({ header, width: WIDTHS[i], kind: i === MOVED_IN_INDEX ? 'date' : 'text' }));
  }

  private cells(t: TenantEntity, locale: string): string[] {
    return [
      t.uscc, t.name, t.legalRepresentative, t.industry ?? '', t.building?.name ?? '', t.unit ?? '', t.movedInAt, t.contactPhone ?? '',
      this.i18n.t(locale, `tenants.statuses.${t.status}`), industryName(t.industry, locale),
    ];
  }
}

import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Brackets } from 'typeorm';
import { I18nService } from '../i18n/i18n.service.js';
import { columnNamesFor, csvSafe } from './domain/tenant-import.rules.js';
import type { TenantQueryDto } from './dto/tenant.dto.js';
import type { TenantEntity } from './entities/tenant.entity.js';
import { TenantsService } from './tenants.service.js';

export type ExportFormat = 'csv' | 'xlsx';

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Rows fetched per query while streaming. */
const BATCH = 1000;
/** Column of the move-in date in the export (a real date cell in XLSX). */
const MOVED_IN_COLUMN = 7;

/**
 * Exports the filtered tenant list as CSV or XLSX, streamed in batches: keyset pagination on the
 * list's own sort (then id), so a 200,000-row export never holds more than one batch.
 */
@Injectable()
export class TenantExportService {
  constructor(private readonly tenants: TenantsService, private readonly i18n: I18nService) {}

  /** A dated file name in the park's time zone, e.g. `tenants-2026-11-28.csv`. */
  fileName(format: ExportFormat): string {
    return `tenants-${this.i18n.today()}.${format}`;
  }

  async write(format: ExportFormat, query: TenantQueryDto, locale: string, out: Writable): Promise<void> {
    if (format === 'xlsx') await this.writeXlsx(query, locale, out);
    else await this.writeCsv(query, locale, out);
  }

  /** The list's filters and order, one batch at a time. */
  async *batches(query: TenantQueryDto): AsyncGenerator<TenantEntity[]> {
    const sort = query.sort ?? 'name';
    const op = query.dir === 'desc' ? '<' : '>';
    let after: { key: unknown; id: number } | null = null;
    let offset = 0;
    for (;;) {
      const qb = this.tenants.filtered(query);
      if (sort === 'createdAt') {
        // Timestamps lose precision on the way to JavaScript; page by offset rather than by value.
        qb.offset(offset);
      } else if (after) {
        const { key, id } = after;
        qb.andWhere(new Brackets((w) => {
          w.where(`t.${sort} ${op} :exportKey`, { exportKey: key })
            .orWhere(new Brackets((tie) => tie.where(`t.${sort} = :exportKey`).andWhere(`t.id ${op} :exportId`, { exportId: id })));
        }));
      }
      const items = await qb.limit(BATCH).getMany();
      if (items.length) yield items;
      if (items.length < BATCH) return;
      const last = items[items.length - 1];
      after = { key: last[sort], id: last.id };
      offset += items.length;
    }
  }

  private header(locale: string): string[] {
    return [...columnNamesFor(locale), locale === 'en' ? 'status' : this.i18n.t(locale, 'tenants.status')];
  }

  private cells(t: TenantEntity, locale: string): string[] {
    return [
      t.uscc, t.name, t.legalRepresentative, t.industry, t.building, t.unit ?? '', t.movedInAt, t.contactPhone ?? '',
      this.i18n.t(locale, `tenants.statuses.${t.status}`),
    ];
  }

  /** UTF-8 with a BOM (so Excel reads Chinese correctly), CRLF line ends, formula-like text defused. */
  private async writeCsv(query: TenantQueryDto, locale: string, out: Writable): Promise<void> {
    const self = this;
    async function* records() {
      yield self.header(locale);
      for await (const batch of self.batches(query)) {
        for (const t of batch) yield self.cells(t, locale).map(csvSafe);
      }
    }
    await pipeline(Readable.from(records()), stringify({ bom: true, record_delimiter: 'windows' }), out);
  }

  /** Streamed workbook; the move-in date is a real date cell. */
  private async writeXlsx(query: TenantQueryDto, locale: string, out: Writable): Promise<void> {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet(this.i18n.t(locale, 'tenants.title'), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = [20, 36, 14, 16, 10, 10, 12, 16, 10].map((width) => ({ width }));
    sheet.addRow(this.header(locale)).commit();
    for await (const batch of this.batches(query)) {
      for (const t of batch) {
        const values: (string | Date)[] = this.cells(t, locale);
        const [y, m, d] = t.movedInAt.split('-').map(Number);
        values[MOVED_IN_COLUMN - 1] = new Date(Date.UTC(y, m - 1, d));
        const row = sheet.addRow(values);
        row.getCell(MOVED_IN_COLUMN).numFmt = 'yyyy-mm-dd';
        row.commit();
      }
    }
    sheet.commit();
    await workbook.commit();
  }
}

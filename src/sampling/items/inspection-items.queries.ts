import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Writable } from 'node:stream';
import { Brackets, DataSource, type SelectQueryBuilder } from 'typeorm';
import { DepartmentsService } from '../../accounts/departments.service.js';
import { escapeLike, LIKE_ESCAPE, pageWindow, type Page } from '../../common/pagination.js';
import { keysetBatches, tableRows, writeTable, type TabularFormat } from '../../common/tabular/tabular-export.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { InspectionItemEntity } from '../entities/inspection-item.entity.js';
import type { InspectionItemsQueryDto } from './dto/inspection-item.dto.js';
import { itemView, type InspectionItemView } from './inspection-items.service.js';

export interface DepartmentName {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface InspectionItemRow extends InspectionItemView {
  department: DepartmentName | null;
  updatedAt: Date;
}

/** The item list read side: filtered and paginated in SQL, exported in keyset batches by code. */
@Injectable()
export class InspectionItemsQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly departments: DepartmentsService, private readonly i18n: I18nService) {}

  /** The departments (a short reference list), by id. */
  async departmentNames(): Promise<Map<number, DepartmentName & { active: boolean }>> {
    return new Map((await this.departments.list()).map((d) => [d.id, { id: d.id, code: d.code, nameZh: d.nameZh, nameEn: d.nameEn, active: d.active }]));
  }

  async list(query: InspectionItemsQueryDto): Promise<Page<InspectionItemRow>> {
    const { page, pageSize, skip } = pageWindow(query);
    const qb = this.filtered(query);
    const [rows, total, departments] = await Promise.all([
      qb.clone().orderBy('i.code', 'ASC').skip(skip).take(pageSize).getMany(),
      qb.clone().getCount(),
      this.departmentNames(),
    ]);
    return { items: rows.map((r) => this.rowOf(r, departments)), total, page, pageSize };
  }

  /** The filtered items as CSV or XLSX, by code. */
  async write(format: TabularFormat, query: InspectionItemsQueryDto, locale: string, out: Writable): Promise<void> {
    const t = (key: string) => this.i18n.t(locale, key);
    const departments = await this.departmentNames();
    const batches = keysetBatches<InspectionItemEntity>(async (w) => {
      const qb = this.filtered(query);
      if (w.after) qb.andWhere('i.code > :afterCode', { afterCode: w.after.code });
      return qb.orderBy('i.code', 'ASC').take(w.limit).getMany();
    });
    await writeTable(format, {
      sheetName: t('samplingPool.items.sheet'),
      columns: [
        { header: t('samplingPool.items.code'), width: 12 }, { header: t('samplingPool.items.nameZh'), width: 30 }, { header: t('samplingPool.items.nameEn'), width: 36 },
        { header: t('samplingPool.items.legalBasis'), width: 48 }, { header: t('samplingPool.items.department'), width: 22 }, { header: t('samplingPool.items.kind'), width: 10 },
        { header: t('samplingPool.items.active'), width: 8 },
      ],
      rows: tableRows(batches, (r) => {
        const d = departments.get(r.departmentId);
        return [r.code, r.nameZh, r.nameEn, r.legalBasis, d ? (locale === 'en' ? d.nameEn : d.nameZh) : '', t(`samplingPool.kinds.${r.kind}`), t(r.active ? 'samplingPool.yes' : 'samplingPool.no')];
      }),
    }, out);
  }

  private filtered(query: InspectionItemsQueryDto): SelectQueryBuilder<InspectionItemEntity> {
    const qb = this.dataSource.getRepository(InspectionItemEntity).createQueryBuilder('i');
    if (query.departmentId) qb.andWhere('i.departmentId = :departmentId', { departmentId: query.departmentId });
    if (query.kind) qb.andWhere('i.kind = :kind', { kind: query.kind });
    if (query.active) qb.andWhere('i.active = :active', { active: query.active === 'true' ? 1 : 0 });
    if (query.q?.trim()) {
      const q = `%${escapeLike(query.q.trim())}%`;
      const code = `%${escapeLike(query.q.trim().toUpperCase())}%`;
      qb.andWhere(new Brackets((w) => w
        .where(`i.code LIKE :code ${LIKE_ESCAPE}`, { code })
        .orWhere(`i.nameZh LIKE :q ${LIKE_ESCAPE}`, { q })
        .orWhere(`i.nameEn LIKE :q ${LIKE_ESCAPE}`)
        .orWhere(`i.legalBasis LIKE :q ${LIKE_ESCAPE}`)));
    }
    return qb;
  }

  rowOf(r: InspectionItemEntity, departments: Map<number, DepartmentName>): InspectionItemRow {
    const d = departments.get(r.departmentId);
    return { ...itemView(r), department: d ? { id: d.id, code: d.code, nameZh: d.nameZh, nameEn: d.nameEn } : null, updatedAt: r.updatedAt };
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { ConflictError, NotFoundError } from '../common/errors/domain-error.js';
import type { Actor } from '../common/principal.js';
import type { DepartmentDto } from './dto/user.dto.js';
import { DepartmentEntity } from './entities/department.entity.js';

@Injectable()
export class DepartmentsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly audit: AuditService) {}

  list(activeOnly = false): Promise<DepartmentEntity[]> {
    return this.dataSource.getRepository(DepartmentEntity).find({ where: activeOnly ? { active: true } : {}, order: { code: 'ASC' } });
  }

  async get(id: number): Promise<DepartmentEntity> {
    const d = await this.dataSource.getRepository(DepartmentEntity).findOneBy({ id });
    if (!d) throw new NotFoundError();
    return d;
  }

  async findByCode(code: string): Promise<DepartmentEntity | null> {
    return this.dataSource.getRepository(DepartmentEntity).findOneBy({ code });
  }

  async save(id: number | null, dto: DepartmentDto, actor: Actor): Promise<DepartmentEntity> {
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(DepartmentEntity);
      if (await repo.existsBy({ code: dto.code, ...(id ? { id: Not(id) } : {}) })) {
        throw new ConflictError('departments.codeTaken', { code: dto.code }, { code: [{ code: 'taken' }] });
      }
      const existing = id ? await repo.findOneBy({ id }) : null;
      if (id && !existing) throw new NotFoundError();
      const before = existing ? { ...existing } : null;
      const row = existing ?? repo.create();
      Object.assign(row, {
        code: dto.code, nameZh: dto.nameZh, nameEn: dto.nameEn, active: dto.active ?? true,
        delegatesVerification: dto.delegatesVerification ?? existing?.delegatesVerification ?? false,
      });
      await repo.save(row);
      await this.audit.record(m, actor, {
        action: id ? 'department.update' : 'department.create', entityType: 'department', entityId: row.id,
        before, after: { code: row.code, nameZh: row.nameZh, nameEn: row.nameEn, active: row.active, delegatesVerification: row.delegatesVerification },
      });
      return row;
    });
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { I18nService } from '../../i18n/i18n.service.js';
import { DEFAULT_RULEBOOK, type Rulebook } from '../domain/rulebook.js';
import { RulebookVersionEntity } from '../entities/rulebook-version.entity.js';

interface Approved {
  id: number;
  effectiveFrom: string;
  rulebook: Rulebook;
}

/**
 * The rulebook in force on a date: the approved version with the latest `effectiveFrom` on or
 * before it (the shipped default when none is). Approved versions never change and are never
 * withdrawn, so the parsed list is kept in memory and reloaded only when the count or the highest
 * id of approved versions moves (one indexed query per call, so another process's approval is seen at once).
 */
@Injectable()
export class RulebookService {
  private readonly logger = new Logger('RulebookService');
  private cache: { stamp: string; approved: Approved[] } | null = null;
  private loading: Promise<Approved[]> | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly i18n: I18nService) {}

  /** The rulebook in force today (park time). */
  async current(): Promise<Rulebook> {
    return this.inForce(this.i18n.today());
  }

  /** The approved versions, latest effective date first. */
  async versions(): Promise<{ id: number; version: string; effectiveFrom: string }[]> {
    return (await this.approved()).map((v) => ({ id: v.id, version: v.rulebook.version, effectiveFrom: v.effectiveFrom }));
  }

  /** The rulebook of any version row (draft, pending, approved or rejected); null when there is none. */
  async get(id: number): Promise<Rulebook | null> {
    const cached = (await this.approved()).find((v) => v.id === id);
    if (cached) return cached.rulebook;
    const row = await this.dataSource.getRepository(RulebookVersionEntity).findOne({ select: { id: true, version: true, effectiveFrom: true, body: true }, where: { id } });
    return row ? { ...(JSON.parse(row.body) as Rulebook), version: row.version, effectiveFrom: row.effectiveFrom } : null;
  }

  async inForce(asOf: string): Promise<Rulebook> {
    const approved = await this.approved();
    return approved.find((v) => v.effectiveFrom <= asOf)?.rulebook ?? DEFAULT_RULEBOOK;
  }

  /**
   * The rulebook in force on `asOf` as last read, without checking that no approval came since (null
   * before the first read): for work started while inForce checks, whose result is kept only when
   * inForce answers the same object.
   */
  lastKnownInForce(asOf: string): Rulebook | null {
    if (!this.cache) return null;
    return this.cache.approved.find((v) => v.effectiveFrom <= asOf)?.rulebook ?? DEFAULT_RULEBOOK;
  }

  /** The approved version row in force on `asOf` (null: the shipped default, no row). */
  async versionInForce(asOf: string): Promise<{ id: number; rulebook: Rulebook } | null> {
    const v = (await this.approved()).find((x) => x.effectiveFrom <= asOf);
    return v ? { id: v.id, rulebook: v.rulebook } : null;
  }

  /** Drops the cache (after an approval in this process). */
  invalidate(): void {
    this.cache = null;
  }

  /** Approved versions, latest effective date first (ties: the later approval first). */
  private async approved(): Promise<Approved[]> {
    const stampRow = await this.dataSource.getRepository(RulebookVersionEntity).createQueryBuilder('v')
      .select('COUNT(*)', 'n').addSelect('MAX(v.id)', 'maxId')
      .where("v.status = 'approved'")
      .getRawOne<{ n: number | string; maxId: number | string | null }>();
    const stamp = `${stampRow?.n ?? 0}:${stampRow?.maxId ?? 0}`;
    if (this.cache?.stamp === stamp) return this.cache.approved;
    this.loading ??= this.load().finally(() => { this.loading = null; });
    const approved = await this.loading;
    this.cache = { stamp, approved };
    return approved;
  }

  private async load(): Promise<Approved[]> {
    const rows = await this.dataSource.getRepository(RulebookVersionEntity).find({
      select: { id: true, version: true, effectiveFrom: true, body: true, decidedAt: true },
      where: { status: 'approved' },
      order: { effectiveFrom: 'DESC', decidedAt: 'DESC', id: 'DESC' },
    });
    const out: Approved[] = [];
    for (const r of rows) {
      try {
        const body = JSON.parse(r.body) as Rulebook;
        out.push({ id: r.id, effectiveFrom: r.effectiveFrom, rulebook: { ...body, version: r.version, effectiveFrom: r.effectiveFrom } });
      } catch {
        this.logger.error(`rulebook version ${r.id} (${r.version}) has a body that is not JSON: left out`);
      }
    }
    return out;
  }
}

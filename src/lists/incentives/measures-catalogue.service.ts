import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inForce, type MeasureEligibility, type MeasureKind } from '../domain/measure-eligibility.rules.js';
import { CreditMeasureEntity } from '../entities/credit-measure.entity.js';

/** A measure of the 信易+ catalogue as readers use it (purposes split into codes). Readers must not mutate it. */
export interface CatalogueMeasure {
  id: number;
  code: string;
  kind: MeasureKind;
  category: string;
  titleZh: string;
  titleEn: string;
  descriptionZh: string;
  descriptionEn: string;
  purposes: readonly string[];
  claimable: boolean;
  eligibility: MeasureEligibility;
  validFrom: string;
  validTo: string | null;
  active: boolean;
}

/** How long a process keeps the catalogue before reading it again: edits made by another process show within this. */
export const CATALOGUE_TTL_MS = 30_000;

export const splitPurposes = (purposes: string): string[] => purposes.split(',').map((p) => p.trim()).filter(Boolean);

/**
 * The 信易+ catalogue of incentives and restrictions, read on every joint check (逢办必查) and on the
 * benefits pages: small, so kept in memory for at most 30 s. Edits in this process call `changed()`
 * (the admin pages do), other processes see them within the TTL.
 */
@Injectable()
export class MeasuresCatalogueService {
  private cache: { at: number; rows: CatalogueMeasure[] } | null = null;
  private loading: Promise<CatalogueMeasure[]> | null = null;
  private generation = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Drop the cached catalogue (after an edit); the next reader loads it again. */
  changed(): void {
    this.cache = null;
    this.loading = null;
    this.generation++;
  }

  /** Every active measure (in force or not), ordered by kind then code. */
  async all(): Promise<readonly CatalogueMeasure[]> {
    if (this.cache && Date.now() - this.cache.at < CATALOGUE_TTL_MS) return this.cache.rows;
    if (this.loading) return this.loading;
    const generation = this.generation;
    const at = Date.now();
    const loading = this.load().then(
      (rows) => {
        // An edit during the load leaves it uncached (the next reader loads again).
        if (generation === this.generation) this.cache = { at, rows };
        if (this.loading === loading) this.loading = null;
        return rows;
      },
      (err: unknown) => {
        if (this.loading === loading) this.loading = null;
        throw err;
      },
    );
    this.loading = loading;
    return loading;
  }

  /** The measures in force on the park day `on` (active, within validity). */
  async active(on: string): Promise<CatalogueMeasure[]> {
    return (await this.all()).filter((m) => inForce(m, on));
  }

  /** The measures in force on `on` that joint checks for `purpose` return (eligibility not yet applied). */
  async forPurpose(purpose: string, on: string): Promise<CatalogueMeasure[]> {
    return (await this.active(on)).filter((m) => m.purposes.includes(purpose));
  }

  private async load(): Promise<CatalogueMeasure[]> {
    const rows = await this.dataSource.getRepository(CreditMeasureEntity).find({ where: { active: true }, order: { kind: 'ASC', code: 'ASC' } });
    return rows.map((r) => Object.freeze({
      id: r.id, code: r.code, kind: r.kind, category: r.category, titleZh: r.titleZh, titleEn: r.titleEn,
      descriptionZh: r.descriptionZh, descriptionEn: r.descriptionEn, purposes: Object.freeze(splitPurposes(r.purposes)),
      claimable: !!r.claimable, eligibility: r.eligibility ?? {}, validFrom: String(r.validFrom).slice(0, 10),
      validTo: r.validTo ? String(r.validTo).slice(0, 10) : null, active: !!r.active,
    }));
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dateText, datetimeParam, toDate } from '../../database/raw-sql.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { BreachEntity } from '../entities/breach.entity.js';
import { ConventionVersionEntity } from '../entities/convention-version.entity.js';
import { ConventionEntity } from '../entities/convention.entity.js';
import { SignatureEntity } from '../entities/signature.entity.js';
import { SigningObligationEntity } from '../entities/signing-obligation.entity.js';
import { windowMonths, type Rulebook } from '../../scoring/domain/rulebook.js';
import { FactSource } from '../../scoring/facts/fact-source.js';
import { breachWindowStart, conventionFacts, endOfParkDay, isCurrentAsOf, type ConventionFact, type FactObligation, type FactSignature, type FactSignatureOnFile, type FactVersion } from '../domain/convention-facts.rules.js';
import type { ObligationStatus } from '../domain/obligation-status.rules.js';
import { chunk } from '../../common/chunk.js';

/** Tenants per IN (…) list: well under every driver's parameter limit (as the trainings and findings sources). */
const CHUNK = 5000;
/** Chunks queried at the same time. */
const PARALLEL = 2;


/**
 * The conventions pillar's score facts (P01, P02, N01, N02, and the zero-point D01: a signature on
 * file) for a set of tenants as of a date, set-based: a handful of queries per 5,000 tenants, never
 * one per tenant. D01 comes from the current versions' signatures already read; only the tenants
 * without one by then (few, but for the month after a new version) get their latest older signature,
 * one aggregate per 5,000 tenants. The decisions are in domain/convention-facts.rules.ts; the breach
 * window is the rulebook's.
 */
@Injectable()
export class ConventionFactsSource {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly i18n: I18nService) {}

  @FactSource({ name: 'conventions', rules: ['P01', 'P02', 'N01', 'N02', 'D01'] })
  async factsFor(tenantIds: readonly number[], asOf: string, rulebook: Rulebook): Promise<Map<number, ConventionFact[]>> {
    const timeZone = this.i18n.timeZone;
    const breachWindowMonths = windowMonths(rulebook, 'N02');
    const ids = [...new Set(tenantIds)];
    const out = new Map<number, ConventionFact[]>(ids.map((id) => [id, []]));
    if (!ids.length) return out;

    // Versions are few (a handful per year); which were current as of the date is decided in the rules.
    // A single chunk (a live score): its breaches are read at the same time.
    const windowStart = breachWindowStart(asOf, breachWindowMonths);
    const breachesOf = (chunk: readonly number[]) => this.dataSource.getRepository(BreachEntity).createQueryBuilder('b')
      .select(['b.id', 'b.tenantId', 'b.versionId', 'b.clauseId', 'b.occurredOn', 'b.status', 'b.decidedOn'])
      .where('b.tenantId IN (:...chunk)', { chunk })
      .andWhere("b.status = 'confirmed'")
      .andWhere('b.decidedOn > :windowStart AND b.decidedOn <= :asOf', { windowStart, asOf })
      .getMany();
    const oneChunk = ids.length <= CHUNK;
    const [versionRows, firstBreaches] = await Promise.all([this.dataSource.getRepository(ConventionVersionEntity).createQueryBuilder('v')
      .innerJoin(ConventionEntity, 'c', 'c.id = v.conventionId')
      .select(['v.id', 'v.title', 'v.publishedAt', 'v.supersededAt'])
      .addSelect('c.kind', 'kind')
      .where('v.status IN (:...statuses)', { statuses: ['published', 'superseded'] })
      .getRawAndEntities(), oneChunk ? breachesOf(ids) : null]);
    const kindOf = new Map(versionRows.raw.map((r: { v_id: number; kind: FactVersion['kind'] }) => [Number(r.v_id), r.kind]));
    const versions: FactVersion[] = versionRows.entities.map((v) => ({
      id: v.id, kind: kindOf.get(v.id)!, title: v.title, publishedAt: v.publishedAt, supersededAt: v.supersededAt,
    }));
    const currentIds = versions.filter((v) => isCurrentAsOf(v, asOf, timeZone)).map((v) => v.id);
    const signedBefore = endOfParkDay(asOf, timeZone);

    const perChunk = async (chunk: number[]) => {
      // The current versions' obligations with their signature (at most one: signatures.obligationId is unique), one query.
      const [rows, breaches] = await Promise.all([currentIds.length
        ? this.dataSource.getRepository(SigningObligationEntity).createQueryBuilder('o')
          .leftJoin(SignatureEntity, 's', 's.obligationId = o.id')
          .select('o.id', 'id').addSelect('o.tenantId', 'tenantId').addSelect('o.versionId', 'versionId').addSelect('o.deadline', 'deadline').addSelect('o.status', 'status')
          .addSelect('s.id', 'signatureId').addSelect('s.signedAt', 'signedAt')
          .where('o.tenantId IN (:...chunk)', { chunk })
          .andWhere('o.versionId IN (:...currentIds)', { currentIds })
          .getRawMany<{ id: number | string; tenantId: number | string; versionId: number | string; deadline: unknown; status: ObligationStatus; signatureId: number | string | null; signedAt: unknown }>()
        : [], firstBreaches ?? breachesOf(chunk)]);
      const obligations: FactObligation[] = rows.map((r) => ({ id: Number(r.id), tenantId: Number(r.tenantId), versionId: Number(r.versionId), deadline: dateText(r.deadline), status: r.status }));
      const signatures: FactSignature[] = rows.flatMap((r) => (r.signatureId === null || r.signatureId === undefined ? [] : [{ id: Number(r.signatureId), obligationId: Number(r.id), signedAt: toDate(r.signedAt) }]));
      // D01: tenants with a current version signed by then have a signature on file; the others' latest older one, if any.
      const tenantOf = new Map(obligations.map((o) => [o.id, o.tenantId]));
      const signed = new Set(signatures.filter((x) => x.signedAt < signedBefore).map((x) => tenantOf.get(x.obligationId)));
      const unsigned = chunk.filter((id) => !signed.has(id));
      const signaturesOnFile = unsigned.length ? await this.latestSignatures(unsigned, signedBefore) : [];
      return conventionFacts({ tenantIds: chunk, asOf, timeZone, versions, obligations, signatures, breaches, breachWindowMonths, signaturesOnFile });
    };
    const work = chunk(ids, CHUNK);
    for (let i = 0; i < work.length; i += PARALLEL) {
      for (const facts of await Promise.all(work.slice(i, i + PARALLEL).map(perChunk))) for (const [tenantId, list] of facts) out.set(tenantId, list);
    }
    return out;
  }

  /**
   * The tenants' latest signature made before `before` (any convention, any version), for D01: one
   * aggregate (the latest time per tenant) joined back to its row.
   */
  private async latestSignatures(tenantIds: readonly number[], before: Date): Promise<FactSignatureOnFile[]> {
    const params: Record<string, unknown> = { before: datetimeParam(before), tenantIds };
    const latest = 'SELECT x.tenantId AS tenantId, MAX(x.signedAt) AS lastAt FROM signatures x WHERE x.signedAt < :before AND x.tenantId IN (:...tenantIds) GROUP BY x.tenantId';
    const rows = await this.dataSource.getRepository(SignatureEntity).createQueryBuilder('s')
      .innerJoin(`(${latest})`, 'm', 'm.tenantId = s.tenantId AND m.lastAt = s.signedAt')
      .select('s.tenantId', 'tenantId').addSelect('MAX(s.id)', 'id').addSelect('MAX(s.signedAt)', 'signedAt')
      .setParameters(params)
      .groupBy('s.tenantId')
      .getRawMany<{ tenantId: number | string; id: number | string; signedAt: unknown }>();
    return rows.map((r) => ({ tenantId: Number(r.tenantId), id: Number(r.id), signedAt: toDate(r.signedAt) }));
  }
}

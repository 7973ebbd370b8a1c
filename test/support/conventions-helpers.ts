import { AuthoringService } from '../../src/conventions/authoring/authoring.service.js';
import type { ClauseInput } from '../../src/conventions/domain/authoring.rules.js';
import type { ClauseCategory, ConventionKind } from '../../src/conventions/domain/convention.rules.js';
import { ConventionClauseEntity } from '../../src/conventions/entities/convention-clause.entity.js';
import { TEST_ACTOR, type TestApp } from './test-app.js';

export interface TestClause {
  number: string;
  category: ClauseCategory;
  textZh: string;
  textEn?: string;
  customCategory?: string;
}

export interface PublishVersionOptions {
  kind?: ConventionKind;
  clauses?: TestClause[];
  periodDays?: number;
  title?: string;
}

export interface PublishedVersion {
  versionId: number;
  conventionId: number;
  /** The version's clause ids, in clause order. */
  clauseIds: number[];
  /** The signing deadline (park-zone date) set at publication. */
  deadline: string;
}

let seq = 0;

export const DEFAULT_TEST_CLAUSES: TestClause[] = [
  { number: '1', category: 'law', textZh: '遵守国家法律法规。', textEn: 'Abide by the law.' },
  { number: '2', category: 'integrity', textZh: '诚实守信，公平竞争。', textEn: 'Be honest and compete fairly.' },
  { number: '3', category: 'self_governance', textZh: '参与园区自治事务。' },
];

/**
 * Creates a convention with one draft version and its clauses, then publishes it through the
 * authoring service: every active tenant at that moment gets a signing obligation.
 */
export async function publishVersion(t: TestApp, opts: PublishVersionOptions = {}): Promise<PublishedVersion> {
  const authoring = t.get(AuthoringService);
  const clauses: ClauseInput[] = (opts.clauses ?? DEFAULT_TEST_CLAUSES).map((c) => ({
    number: c.number, category: c.category, customCategory: c.customCategory ?? null, textZh: c.textZh, textEn: c.textEn ?? null,
  }));
  const created = await authoring.createConvention({
    kind: opts.kind ?? 'management',
    title: opts.title ?? `测试公约 ${++seq}`,
    titleEn: null,
    effectiveDate: '2026-01-01',
    signingPeriodDays: opts.periodDays ?? 30,
    clauses,
  }, TEST_ACTOR);
  const published = await authoring.publish(created.versionId, TEST_ACTOR);
  const clauseIds = (await t.dataSource.getRepository(ConventionClauseEntity).find({
    select: { id: true }, where: { versionId: created.versionId }, order: { position: 'ASC' },
  })).map((c) => c.id);
  return { versionId: created.versionId, conventionId: created.conventionId, clauseIds, deadline: published.deadline };
}

import { Injectable, Logger } from '@nestjs/common';
import { defineContribution } from '../common/contributions/contribution.js';
import { ContributionRegistry } from '../common/contributions/contribution-registry.js';
import type { Locale } from '../i18n/messages/index.js';

/** What the audit log shows for a record: its name, and where to open it (null when it has no page). */
export interface AuditSubject {
  label: string;
  link: string | null;
}

/**
 * The records of one entity type by audit entity id, set-based: one query for a page's worth of
 * ids, whatever their number. Ids that are not found (deleted, malformed) are left out of the map.
 */
export type AuditSubjectsLoader = (ids: readonly string[], locale: Locale) => Promise<Map<string, AuditSubject>>;

export const AUDIT_SUBJECTS = defineContribution<string, AuditSubjectsLoader>({
  name: 'audit subjects',
  key: (entityType) => entityType,
});

/** Marks the method that names the records of one audit entity type (`tenant`, `user` …), contributed where they live. */
export const AuditSubjects = AUDIT_SUBJECTS.decorator;

export interface AuditRef {
  entityType: string;
  entityId: string | null;
}

/** Resolves the records an audit page mentions: one call per contributed entity type, all at once. */
@Injectable()
export class AuditSubjectLookup {
  private readonly logger = new Logger(AuditSubjectLookup.name);

  constructor(private readonly contributions: ContributionRegistry) {}

  /** `subject(type, id)` for every ref; a type without a contributor, or one whose lookup fails, has none (the page shows "type #id"). */
  async resolve(refs: Iterable<AuditRef>, locale: Locale): Promise<(entityType: string, entityId: string | null) => AuditSubject | null> {
    const ids = new Map<string, Set<string>>();
    for (const { entityType, entityId } of refs) {
      if (entityId === null || entityId === '') continue;
      const set = ids.get(entityType) ?? new Set<string>();
      set.add(entityId);
      ids.set(entityType, set);
    }
    const found = new Map<string, Map<string, AuditSubject>>();
    await Promise.all(this.contributions.of(AUDIT_SUBJECTS).filter((c) => ids.has(c.meta)).map(async (c) => {
      try {
        const names = await c.fn([...ids.get(c.meta)!], locale);
        if (names instanceof Map) found.set(c.meta, names);
        else this.logger.warn(`${c.where} answered no Map for ${c.meta} ids: is @AuditSubjects on the right method?`);
      } catch (error) {
        // The log must stay readable even when a context cannot name its records right now.
        this.logger.warn(`${c.where} failed for ${ids.get(c.meta)!.size} ${c.meta} ids: ${(error as Error).message}`);
      }
    }));
    return (entityType, entityId) => (entityId === null ? null : found.get(entityType)?.get(entityId) ?? null);
  }
}

import type { AuditSubject } from './audit-subjects.js';
import type { AuditFacet } from './audit.service.js';
import { diffSnapshots, type ShownValue } from './domain/audit-diff.rules.js';
import type { AuditEntryEntity } from './entities/audit-entry.entity.js';

/** The page's words in the reader's language: catalogue lookups and park time. */
export interface AuditWords {
  locale: string;
  has(key: string): boolean;
  t(key: string, params?: Record<string, unknown>): string;
  /** An ISO instant in the park's time zone. */
  time(iso: string): string;
}

/** Coded values whose labels other catalogues already have, by `<entity type>.<field>`. */
const VALUE_LABELS: Record<string, string> = {
  'tenant.status': 'tenants.statuses',
  'tenant.previousStatus': 'tenants.statuses',
  'user.role': 'roles',
  'convention_version.kind': 'conventionsAuthoring.kinds',
  'convention_version.status': 'conventionsAuthoring.statuses',
  'signature.method': 'conventionsSigning.methods',
  'outbox_message.status': 'outbox.statuses',
  'job.state': 'jobs.states',
};

/** Ids longer than this (a file's SHA-256 for an import) are shortened, whole in the tooltip. */
const SHORT_ID = 16;

/** `tenant.create.usccOverride` → `audit.actions.tenant_create_usccOverride`: a code may be the prefix of another, so keys stay flat. */
export function actionKey(code: string): string {
  return `audit.actions.${code.replace(/\./g, '_')}`;
}

const labelOr = (words: AuditWords, key: string, fallback: string) => (words.has(key) ? words.t(key) : fallback);
export const actionLabel = (words: AuditWords, code: string) => labelOr(words, actionKey(code), code);
export const entityTypeLabel = (words: AuditWords, type: string) => labelOr(words, `audit.entityTypes.${type}`, type);

export interface AuditChangeRow {
  label: string;
  before: ShownValue;
  after: ShownValue;
  changed: boolean;
}

export interface AuditEntryView {
  id: number;
  occurredAt: string;
  actorLabel: string;
  actorLink: string | null;
  action: string;
  actionLabel: string;
  entityType: string;
  entityTypeLabel: string;
  entityId: string | null;
  shortId: string | null;
  subject: AuditSubject | null;
  ip: string | null;
  changes: { summary: string; hasBefore: boolean; hasAfter: boolean; rows: AuditChangeRow[] } | null;
}

export type SubjectOf = (entityType: string, entityId: string | null) => AuditSubject | null;

export function entryView(e: AuditEntryEntity, words: AuditWords, subjectOf: SubjectOf): AuditEntryView {
  const diff = diffSnapshots(e.before, e.after, {
    time: words.time,
    yes: words.t('common.yes'),
    no: words.t('common.no'),
    code: (field, value) => {
      const prefix = VALUE_LABELS[`${e.entityType}.${field}`];
      return prefix && words.has(`${prefix}.${value}`) ? words.t(`${prefix}.${value}`) : null;
    },
  });
  const both = diff.hasBefore && diff.hasAfter;
  const shortId = e.entityId && e.entityId.length > SHORT_ID ? `${e.entityId.slice(0, SHORT_ID - 4)}…` : e.entityId;
  return {
    id: e.id,
    occurredAt: e.occurredAt,
    actorLabel: e.actorLabel,
    actorLink: e.actorId === null ? null : subjectOf('user', String(e.actorId))?.link ?? null,
    action: e.action,
    actionLabel: actionLabel(words, e.action),
    entityType: e.entityType,
    entityTypeLabel: entityTypeLabel(words, e.entityType),
    entityId: e.entityId,
    shortId,
    subject: subjectOf(e.entityType, e.entityId),
    ip: e.ip,
    changes: diff.rows.length ? {
      summary: words.t(both ? 'audit.changedCount' : 'audit.fieldCount', { count: both ? diff.changed : diff.rows.length }),
      hasBefore: diff.hasBefore,
      hasAfter: diff.hasAfter,
      rows: diff.rows.map((r) => ({
        label: r.field === '' ? words.t('audit.value') : labelOr(words, `audit.fields.${r.field}`, r.field),
        before: r.before,
        after: r.after,
        changed: r.changed,
      })),
    } : null,
  };
}

export interface AuditOption {
  value: string;
  label: string;
  selected: boolean;
}

/**
 * The filter menus from the log's (type, action) pairs: types by label, actions grouped under their
 * type's label. Values stay codes; a code without a label shows as itself.
 */
export function filterOptions(
  facets: readonly AuditFacet[], words: AuditWords, selected: { entityType?: string; action?: string },
): { entityTypes: AuditOption[]; actionGroups: { label: string; options: AuditOption[] }[] } {
  const collator = new Intl.Collator(words.locale);
  const byLabel = (a: { label: string }, b: { label: string }) => collator.compare(a.label, b.label);
  const actions = new Map<string, Set<string>>();
  for (const f of facets) actions.set(f.entityType, (actions.get(f.entityType) ?? new Set()).add(f.action));
  const entityTypes = [...actions.keys()]
    .map((type) => ({ value: type, label: entityTypeLabel(words, type), selected: type === selected.entityType }))
    .sort(byLabel);
  const actionGroups = entityTypes.map((type) => ({
    label: type.label,
    options: [...actions.get(type.value)!]
      .map((code) => ({ value: code, label: actionLabel(words, code), selected: code === selected.action }))
      .sort(byLabel),
  }));
  return { entityTypes, actionGroups };
}

import type { FieldProblems } from '../../common/errors/domain-error.js';

/** Who must attend: every active tenant, some industries, buildings or listed tenants; nobody when optional. */
export const AUDIENCES = ['all', 'industries', 'buildings', 'tenants', 'optional'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** At most this many values in an audience's filter. */
export const AUDIENCE_FILTER_MAX = 500;

/** The audience as chosen: industry division codes, building ids or tenant ids, as `audience` says. */
export interface AudienceChoice {
  audience: Audience;
  industries?: readonly string[];
  buildingIds?: readonly number[];
  tenantIds?: readonly number[];
}

/** What selects the required tenants among the active ones; null: nobody is required (optional). */
export type AudienceSelector = { all: true } | { industries: string[] } | { buildingIds: number[] } | { tenantIds: number[] } | null;

const uniqueSorted = <T extends string | number>(values: readonly T[] | undefined): T[] =>
  [...new Set(values ?? [])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** The stored filter (JSON text or null) of a choice: only the values its audience uses, unique and sorted. */
export function audienceFilterOf(c: AudienceChoice): string | null {
  switch (c.audience) {
    case 'industries': return JSON.stringify(uniqueSorted(c.industries));
    case 'buildings': return JSON.stringify(uniqueSorted(c.buildingIds));
    case 'tenants': return JSON.stringify(uniqueSorted(c.tenantIds));
    default: return null;
  }
}

/** Reads a stored audience back; a damaged filter selects nobody rather than everyone. */
export function selectorOf(audience: Audience, filter: string | null): AudienceSelector {
  if (audience === 'all') return { all: true };
  if (audience === 'optional') return null;
  let values: unknown[] = [];
  try {
    const parsed: unknown = filter ? JSON.parse(filter) : [];
    if (Array.isArray(parsed)) values = parsed;
  } catch {
    values = [];
  }
  if (audience === 'industries') return { industries: values.filter((v): v is string => typeof v === 'string') };
  const ids = values.filter((v): v is number => Number.isInteger(v) && (v as number) > 0);
  return audience === 'buildings' ? { buildingIds: ids } : { tenantIds: ids };
}

/** The field errors of an audience: the industries, buildings or tenants it names must not be empty, nor too many. */
export function audienceProblems(c: AudienceChoice): FieldProblems {
  const field = c.audience === 'industries' ? 'industries' : c.audience === 'buildings' ? 'buildingIds' : c.audience === 'tenants' ? 'tenantIds' : null;
  if (!field) return {};
  const values: readonly (string | number)[] = (field === 'industries' ? c.industries : field === 'buildingIds' ? c.buildingIds : c.tenantIds) ?? [];
  if (!values.length) return { [field]: [{ code: 'audienceEmpty' }] };
  if (new Set(values).size > AUDIENCE_FILTER_MAX) return { [field]: [{ code: 'tooManyItems', params: { limit: AUDIENCE_FILTER_MAX } }] };
  return {};
}

/** Whether an active tenant is required by an audience (the in-memory twin of the registry's SQL, for checks and tests). */
export function audienceIncludes(selector: AudienceSelector, tenant: { id: number; industry: string | null; buildingId: number | null }): boolean {
  if (!selector) return false;
  if ('all' in selector) return true;
  if ('industries' in selector) return tenant.industry !== null && selector.industries.includes(tenant.industry);
  if ('buildingIds' in selector) return tenant.buildingId !== null && selector.buildingIds.includes(tenant.buildingId);
  return selector.tenantIds.includes(tenant.id);
}

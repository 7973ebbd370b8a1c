import { ROLES, roleSatisfies, type Role } from './roles.js';

/**
 * The one authorization policy. Route decorators (`@Roles(...)`) name one of the role groups
 * below, and every check inside a service or a page asks one of the predicates below: nowhere
 * else does code compare a role by hand. Pure: no framework.
 */

/** The part of a principal the policy reads. */
export interface Asker {
  role: Role;
  tenantId: number | null;
}

/** Park management: drafts, records and runs the park's processes (an admin passes too). */
export const MANAGERS: readonly Role[] = ['park_staff'];
/** Park management and regulators: read every tenant's records. */
export const READERS: readonly Role[] = ['park_staff', 'regulator'];
/** Readers plus evaluators: the park's own programmes (training sessions), not a tenant's records. */
export const PROGRAMME_READERS: readonly Role[] = ['park_staff', 'regulator', 'evaluator'];
/** Readers plus a tenant's own officers (who then reach only their own tenant). */
export const TENANT_READERS: readonly Role[] = ['park_staff', 'regulator', 'tenant_officer'];
/** A tenant's compliance officers (who reach only their own tenant). */
export const OFFICERS: readonly Role[] = ['tenant_officer'];
/** Staff of an accredited third-party institution (who reach only their institution's engagements). */
export const EVALUATORS: readonly Role[] = ['evaluator'];
/** Readers plus evaluators, for records an evaluator may see of their own institution (evaluations). */
export const EVALUATION_READERS: readonly Role[] = ['park_staff', 'regulator', 'evaluator', 'tenant_officer'];
/** Government regulators (who act for their own department). */
export const REGULATORS: readonly Role[] = ['regulator'];
/** Regulators and park management: findings' verification queues (staff only where a department delegated it). */
export const VERIFIERS: readonly Role[] = ['park_staff', 'regulator'];
/** System administration only. */
export const ADMINS: readonly Role[] = ['admin'];
/** Anyone logged in, whatever the role (their own notices, account, password). */
export const EVERYONE: readonly Role[] = ROLES;

/** May use a route open to `group` (one of the groups above; an admin also passes MANAGERS). */
export function inGroup(a: Asker, group: readonly Role[]): boolean {
  return roleSatisfies(a.role, group);
}

/** A government regulator, acting for `a.departmentId`. */
export function isRegulator(a: Asker): boolean {
  return a.role === 'regulator';
}

/** A regulator of exactly this department. */
export function isRegulatorOf(a: Asker & { departmentId?: number | null }, departmentId: number | null | undefined): boolean {
  return isRegulator(a) && a.departmentId != null && departmentId != null && a.departmentId === departmentId;
}

/** Staff of an accredited institution, acting for `a.institutionId`. */
export function isEvaluator(a: Asker): boolean {
  return a.role === 'evaluator';
}

/** An evaluator of exactly this institution. */
export function isEvaluatorOf(a: Asker & { institutionId?: number | null }, institutionId: number | null | undefined): boolean {
  return isEvaluator(a) && a.institutionId != null && institutionId != null && a.institutionId === institutionId;
}

/** Park staff or an admin: may change records of the park's processes. */
export function isManager(a: Asker): boolean {
  return inGroup(a, MANAGERS);
}

/** System administration: users, API tokens, settings, jobs, audit. */
export function isAdmin(a: Asker): boolean {
  return inGroup(a, ADMINS);
}

/** Staff, admins and regulators: read every tenant's records. */
export function readsEveryTenant(a: Asker): boolean {
  return inGroup(a, READERS);
}

/** A tenant's compliance officer: acts for one tenant only (bound or not). */
export function isTenantOfficer(a: Asker): boolean {
  return a.role === 'tenant_officer';
}

/** A tenant officer of exactly this tenant. */
export function isOfficerOf(a: Asker, tenantId: number | null | undefined): boolean {
  return isTenantOfficer(a) && a.tenantId !== null && tenantId !== null && tenantId !== undefined && a.tenantId === tenantId;
}

/** May read a record that belongs to this tenant. */
export function canReadTenant(a: Asker, tenantId: number | null | undefined): boolean {
  return readsEveryTenant(a) || isOfficerOf(a, tenantId);
}

/**
 * The tenant filter a listing must apply: an officer's own tenant (or -1, nothing, when unbound),
 * or null for roles that see every tenant.
 */
export function tenantFilterFor(a: Asker): number | null {
  return isTenantOfficer(a) ? (a.tenantId ?? -1) : null;
}

/** True when a record of `tenantId` must look like a missing record to this asker. */
export function hiddenFrom(a: Asker, tenantId: number | null | undefined): boolean {
  return isTenantOfficer(a) && !isOfficerOf(a, tenantId);
}

/** The predicates above for one asker, for templates (which cannot call functions of the policy). */
export interface Abilities {
  manages: boolean;
  administers: boolean;
  readsEveryTenant: boolean;
  actsForOneTenant: boolean;
  /** May read the park's programmes (PROGRAMME_READERS: trainings), evaluators included. */
  readsProgrammes: boolean;
  /** A regulator (records findings for their department). */
  regulates: boolean;
  /** An evaluator (submits evaluations for their institution). */
  evaluates: boolean;
}

export function abilitiesOf(a: Asker): Abilities {
  return { manages: isManager(a), administers: isAdmin(a), readsEveryTenant: readsEveryTenant(a), actsForOneTenant: isTenantOfficer(a), readsProgrammes: inGroup(a, PROGRAMME_READERS), regulates: isRegulator(a), evaluates: isEvaluator(a) };
}

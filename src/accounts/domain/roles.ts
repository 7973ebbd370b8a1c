export const ROLES = ['admin', 'park_staff', 'tenant_officer', 'evaluator', 'regulator'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose abilities include another role's: an admin can do everything park staff can. */
const IMPLIED: Record<Role, readonly Role[]> = {
  admin: ['admin', 'park_staff'],
  park_staff: ['park_staff'],
  tenant_officer: ['tenant_officer'],
  evaluator: ['evaluator'],
  regulator: ['regulator'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when a user of `role` may use something open to any of `allowed`. */
export function roleSatisfies(role: Role, allowed: readonly Role[]): boolean {
  return IMPLIED[role].some((r) => allowed.includes(r));
}

/** Which binding a role needs: an officer belongs to one tenant, a regulator to one department. */
export function requiredBinding(role: Role): 'tenant' | 'department' | null {
  if (role === 'tenant_officer') return 'tenant';
  if (role === 'regulator') return 'department';
  return null;
}

import * as policy from './access-policy.js';
import {
  abilitiesOf, ADMINS, canReadTenant, EVALUATION_READERS, EVALUATORS, EVERYONE, hiddenFrom, inGroup, isAdmin, isEvaluator, isEvaluatorOf, isManager,
  isOfficerOf, isRegulator, isRegulatorOf, isTenantOfficer, MANAGERS, OFFICERS, PROGRAMME_READERS, READERS, readsEveryTenant, REGULATORS,
  TENANT_READERS, tenantFilterFor, VERIFIERS, type Asker,
} from './access-policy.js';
import { ROLES, type Role } from './roles.js';

const OWN = 7;
const OTHER = 8;

/** One asker per role; the officer is bound to OWN, plus an officer bound to no tenant. */
const ASKERS: Record<string, Asker> = {
  admin: { role: 'admin', tenantId: null },
  park_staff: { role: 'park_staff', tenantId: null },
  tenant_officer: { role: 'tenant_officer', tenantId: OWN },
  'tenant_officer (unbound)': { role: 'tenant_officer', tenantId: null },
  evaluator: { role: 'evaluator', tenantId: null },
  regulator: { role: 'regulator', tenantId: null },
};
type Who = keyof typeof ASKERS;

/** Expected value per asker, in the order of ASKERS. */
function row<T>(admin: T, parkStaff: T, officer: T, unbound: T, evaluator: T, regulator: T): Record<Who, T> {
  return { admin, park_staff: parkStaff, tenant_officer: officer, 'tenant_officer (unbound)': unbound, evaluator, regulator };
}

function cases<T>(expected: Record<Who, T>): [Who, T][] {
  return Object.keys(ASKERS).map((who) => [who, expected[who]]);
}

/** Every export of the policy this spec has a table for; a new group or predicate needs its rows here. */
const COVERED = [
  'MANAGERS', 'READERS', 'PROGRAMME_READERS', 'TENANT_READERS', 'OFFICERS', 'ADMINS', 'EVERYONE', 'inGroup', 'isManager', 'isAdmin', 'readsEveryTenant',
  'isTenantOfficer', 'tenantFilterFor', 'abilitiesOf', 'isOfficerOf', 'canReadTenant', 'hiddenFrom',
  'EVALUATORS', 'EVALUATION_READERS', 'REGULATORS', 'VERIFIERS', 'isRegulator', 'isRegulatorOf', 'isEvaluator', 'isEvaluatorOf',
];

it('covers every group and predicate the policy exports', () => {
  expect(Object.keys(policy).sort()).toEqual([...COVERED].sort());
});

describe('access policy: role groups', () => {
  it.each<[string, readonly Role[], Record<Who, boolean>]>([
    ['MANAGERS', MANAGERS, row(true, true, false, false, false, false)],
    ['READERS', READERS, row(true, true, false, false, false, true)],
    ['PROGRAMME_READERS', PROGRAMME_READERS, row(true, true, false, false, true, true)],
    ['TENANT_READERS', TENANT_READERS, row(true, true, true, true, false, true)],
    ['OFFICERS', OFFICERS, row(false, false, true, true, false, false)],
    ['ADMINS', ADMINS, row(true, false, false, false, false, false)],
    ['EVALUATORS', EVALUATORS, row(false, false, false, false, true, false)],
    ['EVALUATION_READERS', EVALUATION_READERS, row(true, true, true, true, true, true)],
    ['REGULATORS', REGULATORS, row(false, false, false, false, false, true)],
    ['VERIFIERS', VERIFIERS, row(true, true, false, false, false, true)],
    ['EVERYONE', EVERYONE, row(true, true, true, true, true, true)],
  ])('inGroup(%s)', (_name, group, expected) => {
    for (const [who, allowed] of cases(expected)) expect([who, inGroup(ASKERS[who], group)]).toEqual([who, allowed]);
  });

  it('EVERYONE holds every role there is', () => {
    expect([...EVERYONE].sort()).toEqual([...ROLES].sort());
  });

  it('no role passes an empty group', () => {
    for (const who of Object.keys(ASKERS)) expect(inGroup(ASKERS[who], [])).toBe(false);
  });
});

describe('access policy: predicates of the asker alone', () => {
  it.each<[string, (a: Asker) => unknown, Record<Who, unknown>]>([
    ['isManager', isManager, row(true, true, false, false, false, false)],
    ['isAdmin', isAdmin, row(true, false, false, false, false, false)],
    ['readsEveryTenant', readsEveryTenant, row(true, true, false, false, false, true)],
    ['isTenantOfficer', isTenantOfficer, row(false, false, true, true, false, false)],
    ['isRegulator', isRegulator, row(false, false, false, false, false, true)],
    ['isEvaluator', isEvaluator, row(false, false, false, false, true, false)],
    // An unbound officer filters on -1: a list that matches nothing, never everything.
    ['tenantFilterFor', tenantFilterFor, row(null, null, OWN, -1, null, null)],
  ])('%s', (_name, predicate, expected) => {
    for (const [who, value] of cases(expected)) expect([who, predicate(ASKERS[who])]).toEqual([who, value]);
  });

  it.each(cases(row(
    { manages: true, administers: true, readsEveryTenant: true, actsForOneTenant: false, readsProgrammes: true, regulates: false, evaluates: false },
    { manages: true, administers: false, readsEveryTenant: true, actsForOneTenant: false, readsProgrammes: true, regulates: false, evaluates: false },
    { manages: false, administers: false, readsEveryTenant: false, actsForOneTenant: true, readsProgrammes: false, regulates: false, evaluates: false },
    { manages: false, administers: false, readsEveryTenant: false, actsForOneTenant: true, readsProgrammes: false, regulates: false, evaluates: false },
    { manages: false, administers: false, readsEveryTenant: false, actsForOneTenant: false, readsProgrammes: true, regulates: false, evaluates: true },
    { manages: false, administers: false, readsEveryTenant: true, actsForOneTenant: false, readsProgrammes: true, regulates: true, evaluates: false },
  )))('abilitiesOf(%s)', (who, expected) => {
    expect(abilitiesOf(ASKERS[who])).toEqual(expected);
  });
});

describe('access policy: predicates about a tenant record', () => {
  const TARGETS: [string, number | null | undefined][] = [['own', OWN], ['other', OTHER], ['null', null], ['undefined', undefined]];

  it.each<[string, (a: Asker, tenantId: number | null | undefined) => boolean, Record<string, Record<Who, boolean>>]>([
    ['isOfficerOf', isOfficerOf, {
      own: row(false, false, true, false, false, false),
      other: row(false, false, false, false, false, false),
      null: row(false, false, false, false, false, false),
      undefined: row(false, false, false, false, false, false),
    }],
    ['canReadTenant', canReadTenant, {
      own: row(true, true, true, false, false, true),
      other: row(true, true, false, false, false, true),
      null: row(true, true, false, false, false, true),
      undefined: row(true, true, false, false, false, true),
    }],
    // Only officers are hidden from records: other roles are refused by the route's @Roles, not by a 404.
    ['hiddenFrom', hiddenFrom, {
      own: row(false, false, false, true, false, false),
      other: row(false, false, true, true, false, false),
      null: row(false, false, true, true, false, false),
      undefined: row(false, false, true, true, false, false),
    }],
  ])('%s', (_name, predicate, expected) => {
    for (const [target, tenantId] of TARGETS) {
      for (const [who, value] of cases(expected[target])) expect([who, target, predicate(ASKERS[who], tenantId)]).toEqual([who, target, value]);
    }
  });

  it.each<[string, Asker & { departmentId?: number | null; institutionId?: number | null }, number | null | undefined, boolean, boolean]>([
    // asker, the department or institution of the record, isRegulatorOf, isEvaluatorOf
    ['regulator of it', { role: 'regulator', tenantId: null, departmentId: 3 }, 3, true, false],
    ['regulator of another', { role: 'regulator', tenantId: null, departmentId: 4 }, 3, false, false],
    ['unbound regulator', { role: 'regulator', tenantId: null, departmentId: null }, null, false, false],
    ['evaluator of it', { role: 'evaluator', tenantId: null, institutionId: 3 }, 3, false, true],
    ['evaluator of another', { role: 'evaluator', tenantId: null, institutionId: 4 }, 3, false, false],
    ['unbound evaluator', { role: 'evaluator', tenantId: null, institutionId: null }, undefined, false, false],
    ['staff with a department id', { role: 'park_staff', tenantId: null, departmentId: 3, institutionId: 3 }, 3, false, false],
  ])('isRegulatorOf / isEvaluatorOf: %s', (_name, asker, id, regulator, evaluator) => {
    expect([isRegulatorOf(asker, id), isEvaluatorOf(asker, id)]).toEqual([regulator, evaluator]);
  });

  it('an officer whose tenant id equals the record only by type coercion is not its officer', () => {
    expect(isOfficerOf({ role: 'tenant_officer', tenantId: OWN }, String(OWN) as unknown as number)).toBe(false);
  });
});

import { isRole, requiredBinding, roleSatisfies, ROLES, type Role } from './roles.js';

describe('isRole', () => {
  it.each<[unknown, boolean]>([
    ['admin', true],
    ['park_staff', true],
    ['tenant_officer', true],
    ['evaluator', true],
    ['regulator', true],
    ['Admin', false],
    ['ADMIN', false],
    [' admin', false],
    ['', false],
    ['public', false],
    ['toString', false],
    ['__proto__', false],
    [null, false],
    [undefined, false],
    [1, false],
    [['admin'], false],
  ])('%j → %s', (value, expected) => {
    expect(isRole(value)).toBe(expected);
  });

  it('knows exactly the five roles of the design', () => {
    expect([...ROLES].sort()).toEqual(['admin', 'evaluator', 'park_staff', 'regulator', 'tenant_officer']);
  });
});

describe('roleSatisfies', () => {
  it.each<[Role, Role[], boolean]>([
    ['admin', ['admin'], true],
    ['admin', ['park_staff'], true],
    ['admin', ['park_staff', 'regulator'], true],
    ['admin', ['regulator'], false],
    ['admin', ['tenant_officer'], false],
    ['admin', ['evaluator'], false],
    ['park_staff', ['park_staff'], true],
    ['park_staff', ['admin'], false],
    ['park_staff', ['regulator', 'tenant_officer'], false],
    ['regulator', ['park_staff', 'regulator'], true],
    ['regulator', ['park_staff'], false],
    ['regulator', ['admin'], false],
    ['tenant_officer', ['tenant_officer'], true],
    ['tenant_officer', ['park_staff', 'regulator'], false],
    ['evaluator', ['evaluator'], true],
    ['evaluator', ['park_staff'], false],
    ['park_staff', [], false],
    ['admin', [], false],
  ])('%s for %j → %s', (role, allowed, expected) => {
    expect(roleSatisfies(role, allowed)).toBe(expected);
  });

  it('every role satisfies a list containing itself', () => {
    for (const role of ROLES) expect(roleSatisfies(role, [role])).toBe(true);
  });
});

describe('requiredBinding', () => {
  it.each<[Role, 'tenant' | 'department' | null]>([
    ['tenant_officer', 'tenant'],
    ['regulator', 'department'],
    ['admin', null],
    ['park_staff', null],
    ['evaluator', null],
  ])('%s → %s', (role, binding) => {
    expect(requiredBinding(role)).toBe(binding);
  });
});

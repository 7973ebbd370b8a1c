import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { ContributionRegistry } from '../common/contributions/contribution-registry.js';
import { AUDIT_SUBJECTS, AuditSubjectLookup, type AuditSubject, type AuditSubjectsLoader } from './audit-subjects.js';

function registry(loaders: Record<string, AuditSubjectsLoader>): ContributionRegistry {
  const found = Object.entries(loaders).map(([meta, fn]) => ({ meta, fn, where: `Probe.${meta}` }));
  return { of: (kind: unknown) => (kind === AUDIT_SUBJECTS ? found : []) } as unknown as ContributionRegistry;
}

const named = (prefix: string): AuditSubjectsLoader => async (ids) =>
  new Map(ids.filter((id) => id !== '404').map((id): [string, AuditSubject] => [id, { label: `${prefix} ${id}`, link: `/${prefix}/${id}` }]));

describe('AuditSubjectLookup', () => {
  it('calls each contributed type once with its distinct ids, and only types the page mentions', async () => {
    const tenants = jest.fn(named('tenants'));
    const users = jest.fn(named('users'));
    const unused = jest.fn(named('unused'));
    const sut = new AuditSubjectLookup(registry({ tenant: tenants, user: users, convention_version: unused }));
    const subject = await sut.resolve([
      { entityType: 'tenant', entityId: '6' }, { entityType: 'tenant', entityId: '7' }, { entityType: 'tenant', entityId: '6' },
      { entityType: 'user', entityId: '1' }, { entityType: 'job', entityId: 'abc' }, { entityType: 'tenant', entityId: null },
    ], 'en');
    expect(tenants.mock.calls).toEqual([[['6', '7'], 'en']]);
    expect(users.mock.calls).toEqual([[['1'], 'en']]);
    expect(unused).not.toHaveBeenCalled();
    expect(subject('tenant', '6')).toEqual({ label: 'tenants 6', link: '/tenants/6' });
    expect(subject('user', '1')).toEqual({ label: 'users 1', link: '/users/1' });
    expect(subject('user', '6')).toBeNull();
  });

  it.each<[string, string, string | null]>([
    ['a type without a contributor', 'job', 'abc'],
    ['an id the contributor did not find', 'tenant', '404'],
    ['no id', 'tenant', null],
  ])('has no subject for %s', async (_name, type, id) => {
    const subject = await new AuditSubjectLookup(registry({ tenant: named('tenants'), user: named('users') }))
      .resolve([{ entityType: 'tenant', entityId: '6' }, { entityType: 'tenant', entityId: '404' }, { entityType: type, entityId: id }], 'zh-CN');
    expect(subject(type, id)).toBeNull();
  });

  it('keeps the page working when one contributor fails, and says which', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const sut = new AuditSubjectLookup(registry({ tenant: async () => { throw new Error('database gone'); }, user: named('users') }));
      const subject = await sut.resolve([{ entityType: 'tenant', entityId: '6' }, { entityType: 'user', entityId: '1' }], 'zh-CN');
      expect(subject('tenant', '6')).toBeNull();
      expect(subject('user', '1')).toEqual({ label: 'users 1', link: '/users/1' });
      expect(warn).toHaveBeenCalledWith('Probe.tenant failed for 1 tenant ids: database gone');
    } finally {
      warn.mockRestore();
    }
  });
});

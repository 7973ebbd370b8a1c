import { correctionBlock, findingDepartment, publishState, publishWarning, resultProblems, taskDecisionNo } from './inspection-tasks.rules.js';

describe('inspection task rules', () => {
  const ctx = { today: '2026-06-10', drawDay: '2026-06-01', departments: [3] };
  const problems = { result: 'problems' as const, inspectedOn: '2026-06-05', severity: 'general', title: 't', legalBasis: 'b', description: 'd' };

  it.each([
    [{ result: 'clean' as const, inspectedOn: '2026-06-10' }, {}],
    [{ result: 'clean' as const, inspectedOn: '2026-06-11' }, { inspectedOn: [{ code: 'notFuture', params: { limit: '2026-06-10' } }] }],
    [{ result: 'not_found' as const, inspectedOn: '2026-05-31' }, { inspectedOn: [{ code: 'notBefore', params: { limit: '2026-06-01' } }] }],
    [problems, {}],
    [{ ...problems, title: '' }, { title: [{ code: 'required' }] }],
    [{ ...problems, departmentId: 4 }, { departmentId: [{ code: 'oneOf' }] }],
    [{ ...problems, rectificationRequired: true }, { rectifyBy: [{ code: 'required' }] }],
    [{ ...problems, rectificationRequired: true, rectifyBy: '2026-06-04' }, { rectifyBy: [{ code: 'notBefore', params: { limit: '2026-06-05' } }] }],
    [{ ...problems, rectificationRequired: true, rectifyBy: '2026-06-05' }, {}],
  ])('resultProblems %#', (input, expected) => {
    expect(resultProblems(input, ctx)).toEqual(expected);
  });

  it('asks for a department when the inspector could record for several', () => {
    expect(resultProblems(problems, { ...ctx, departments: [3, 4] })).toEqual({ departmentId: [{ code: 'required' }] });
    expect(findingDepartment(null, [3])).toBe(3);
    expect(findingDepartment(4, [3, 4])).toBe(4);
    expect(findingDepartment(5, [3, 4])).toBeNull();
    expect(findingDepartment(null, [3, 4])).toBeNull();
  });

  it('numbers the decision by year and task', () => {
    expect(taskDecisionNo(2026, 12)).toBe('双随机〔2026〕第12号');
  });

  it.each([
    [{ status: 'recorded' as const, findingId: null, abnormalStatus: null }, null],
    [{ status: 'recorded' as const, findingId: null, abnormalStatus: 'proposed' as const }, null],
    [{ status: 'recorded' as const, findingId: 9, abnormalStatus: null }, 'finding'],
    [{ status: 'recorded' as const, findingId: null, abnormalStatus: 'dismissed' as const }, 'abnormalDecided'],
    [{ status: 'published' as const, findingId: null, abnormalStatus: null }, 'published'],
    [{ status: 'assigned' as const, findingId: null, abnormalStatus: null }, 'notRecorded'],
  ])('correctionBlock %#', (task, expected) => {
    expect(correctionBlock(task)).toBe(expected);
  });

  it.each([
    [{ publishBy: null, publishedOn: null }, null, null],
    [{ publishBy: '2026-07-01', publishedOn: null }, 10, 'due'],
    [{ publishBy: '2026-07-01', publishedOn: null }, 5, 'soon'],
    [{ publishBy: '2026-07-01', publishedOn: null }, 0, 'soon'],
    [{ publishBy: '2026-07-01', publishedOn: null }, -1, 'overdue'],
    [{ publishBy: '2026-07-01', publishedOn: '2026-07-01' }, null, 'published'],
    [{ publishBy: '2026-07-01', publishedOn: '2026-07-02' }, null, 'late'],
  ])('publishState %#', (t, days, expected) => {
    expect(publishState(t, days)).toBe(expected);
  });

  it.each([
    // [publishBy, warnedOn, today, soonBound, expected]
    ['2026-07-20', null, '2026-07-01', '2026-07-08', null],
    ['2026-07-08', null, '2026-07-01', '2026-07-08', 'soon'],
    ['2026-07-08', '2026-07-01', '2026-07-02', '2026-07-09', null],
    ['2026-07-08', '2026-07-01', '2026-07-09', '2026-07-16', 'overdue'],
    ['2026-07-08', null, '2026-07-09', '2026-07-16', 'overdue'],
    ['2026-07-08', '2026-07-09', '2026-07-10', '2026-07-17', null],
    ['2026-07-08', '2026-07-08', '2026-07-09', '2026-07-16', 'overdue'],
  ])('publishWarning publishBy %s warned %s today %s', (publishBy, warned, today, bound, expected) => {
    expect(publishWarning({ status: 'recorded', publishBy, publishWarnedOn: warned }, today, bound)).toBe(expected);
    expect(publishWarning({ status: 'published', publishBy, publishWarnedOn: warned }, today, bound)).toBeNull();
  });
});

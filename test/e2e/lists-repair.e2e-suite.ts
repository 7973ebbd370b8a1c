import { randomBytes } from 'node:crypto';
import type { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { addWorkingDays, isWorkingDay } from '../../src/calendar/domain/working-days.rules.js';
import { WorkingCalendarService } from '../../src/calendar/working-calendar.service.js';
import { SigningObligationEntity } from '../../src/conventions/entities/signing-obligation.entity.js';
import { FindingEntity } from '../../src/findings/entities/finding.entity.js';
import { I18nService } from '../../src/i18n/i18n.service.js';
import { CreditStatusService } from '../../src/lists/core/credit-status.service.js';
import { addMonths } from '../../src/lists/domain/repair-eligibility.rules.js';
import { ListChangeEntity } from '../../src/lists/entities/list-change.entity.js';
import { ListEntryEntity } from '../../src/lists/entities/list-entry.entity.js';
import { ListRuleEntity } from '../../src/lists/entities/list-rule.entity.js';
import { RepairApplicationEntity } from '../../src/lists/entities/repair-application.entity.js';
import { RepairReminders } from '../../src/lists/repair/repair-reminders.js';
import { MailRenderer } from '../../src/mail/mail-renderer.js';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity.js';
import { OutboxMessageEntity } from '../../src/notifications/entities/outbox-message.entity.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { TrainingAttendanceEntity } from '../../src/trainings/entities/training-attendance.entity.js';
import { TrainingSessionEntity } from '../../src/trainings/entities/training-session.entity.js';
import { Like } from 'typeorm';
import { publishVersion } from '../support/conventions-helpers.js';
import { waitForOutboxSettled } from '../support/outbox-helpers.js';
import { auditEntries, bearer, fieldError, loginAs } from '../support/http-helpers.js';
import { createTenant, createTestApp, createUser, tokenFor, type Browser, type TestApp } from '../support/test-app.js';
import { docx, pdf, png } from '../support/upload-fixtures.js';

const DAY = 86_400_000;
const daysFrom = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/**
 * Issue 13: credit repair (信用修复) of a finding or of a black/watch entry. Before eligibility the
 * application is refused with the date; after it, an officer applies with a commitment letter signed
 * in ParkTrust, evidence and (where asked) a training certificate from the attendance records; park
 * staff (or the finding's department) reply within 10 working days, another regulator decides within
 * 3; approval stops the record counting (N04 disappears; the entry ends by repair) and nothing is deleted.
 */
describe('lists: credit repair', () => {
  let t: TestApp;
  let today: string;
  let A: TenantEntity;
  let B: TenantEntity;
  let officerA: { user: UserEntity; browser: Browser };
  let staffUser: UserEntity;
  let tokens: Record<'officerA' | 'officerB' | 'staff' | 'regulator' | 'regulator2' | 'otherDept' | 'admin', string>;
  let regulatorUser: UserEntity;
  let signatureA: number;
  let signatureB: number;
  let seq = 0;

  const record = async (tenant: TenantEntity, decisionDate: string, over: Record<string, unknown> = {}): Promise<number> => {
    const res = await t.http().post('/api/v1/findings').set(bearer(tokens.regulator)).send({
      tenantId: tenant.id, type: 'penalty', severity: 'general', penaltyKind: 'fine', title: `修复测试${++seq}`, legalBasis: '某条例',
      decisionNo: `修复〔2026〕${Date.now()}-${seq}`, description: '说明', decisionDate, ...over,
    });
    if (res.status !== 201) throw new Error(`recording: ${res.status} ${res.text}`);
    return res.body.id as number;
  };

  const entry = async (tenant: TenantEntity, list: 'black' | 'watch', startsOn: string): Promise<number> => {
    const rule = await t.dataSource.getRepository(ListRuleEntity).findOneByOrFail({ list });
    const repo = t.dataSource.getRepository(ListEntryEntity);
    const row = await repo.save(repo.create({
      tenantId: tenant.id, list, status: 'active', criterion: 'other', reasons: '测试', legalBasis: rule.legalBasis, records: [], listRuleId: rule.id,
      proposedById: staffUser.id, proposedAt: new Date(), noticeSentAt: new Date(), objectionClosesOn: startsOn, decidedById: regulatorUser.id, decidedAt: new Date(),
      decisionReason: '测试', startsOn, plannedEndOn: addMonths(startsOn, rule.durationMonths), earliestExitOn: null, endedOn: null, endKind: null, endReason: null,
      endedById: null, createdAt: new Date(), updatedAt: new Date(),
    }));
    return row.id;
  };

  const attended = async (tenant: TenantEntity, daysAgo: number, mark: 'present' | 'absent' = 'present'): Promise<number> => {
    const startsAt = new Date(Math.floor((Date.now() - daysAgo * DAY) / 60_000) * 60_000);
    const repo = t.dataSource.getRepository(TrainingSessionEntity);
    const s = await repo.save(repo.create({
      title: `信用修复专题培训 ${++seq}`, kind: 'law_lecture', hostDepartmentId: null, hostTenantId: null, speaker: '王律师', speakerTenantId: null,
      startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3_600_000), location: '园区会议中心', capacity: null, audience: 'tenants',
      audienceFilter: null, status: 'scheduled', cancelReason: null, checkinSecret: randomBytes(20).toString('hex'), absencesMarkedAt: null, createdBy: 1,
    }));
    await t.dataSource.getRepository(TrainingAttendanceEntity).insert({ sessionId: s.id, tenantId: tenant.id, mark, source: 'roll_call', markedBy: null, markedAt: startsAt });
    return s.id;
  };

  function apply(token: string, fields: Record<string, string | string[]>, files: { data: Buffer; name: string }[] = [{ data: pdf('rectified'), name: 'rectified.pdf' }]) {
    let req = t.http().post('/api/v1/repairs').set(bearer(token));
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) req = req.field(k, one);
    for (const f of files) req = req.attach('files', f.data, { filename: f.name });
    return req;
  }
  const reply = (token: string, id: number, note = '已受理，材料齐全。') => t.http().post(`/api/v1/repairs/${id}/reply`).set(bearer(token)).send({ note });
  const decide = (token: string, id: number, body: Record<string, unknown>) => t.http().post(`/api/v1/repairs/${id}/decision`).set(bearer(token)).send(body);
  const n04Of = async (tenantId: number, findingId: number) => {
    const res = await t.http().get(`/api/v1/tenants/${tenantId}/score`).set(bearer(tokens.staff)).expect(200);
    return (res.body.contributions as { rule: string; source: { type: string; id: number } }[]).filter((c) => c.rule === 'N04' && c.source.id === findingId);
  };
  const n09Of = async (tenantId: number, entryId: number) => {
    const res = await t.http().get(`/api/v1/tenants/${tenantId}/score`).set(bearer(tokens.staff)).expect(200);
    return (res.body.contributions as { rule: string; source: { type: string; id: number } }[]).filter((c) => c.rule === 'N09' && c.source.id === entryId);
  };
  const publicBlack = async (uscc: string): Promise<string[]> => {
    const res = await t.http().get(`/api/v1/public/lists/black?q=${uscc}`).expect(200);
    return (res.body.items as { uscc: string }[]).map((i) => i.uscc).filter((u) => u === uscc);
  };
  const applications = () => t.dataSource.getRepository(RepairApplicationEntity).count();

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    today = t.get(I18nService).today();
    A = await createTenant(t, { name: `修复甲${Date.now()}有限公司` });
    B = await createTenant(t, { name: `修复乙${Date.now()}有限公司` });
    officerA = await loginAs(t, 'tenant_officer', { tenantId: A.id });
    staffUser = await createUser(t, 'park_staff');
    regulatorUser = await createUser(t, 'regulator', { departmentId: 1 });
    const officerB = await createUser(t, 'tenant_officer', { tenantId: B.id });
    const regulator2 = await createUser(t, 'regulator', { departmentId: 1 });
    const otherDept = await createUser(t, 'regulator', { departmentId: 2 });
    const admin = await createUser(t, 'admin');
    tokens = {
      officerA: await tokenFor(t, officerA.user.id), officerB: await tokenFor(t, officerB.id), staff: await tokenFor(t, staffUser.id),
      regulator: await tokenFor(t, regulatorUser.id), regulator2: await tokenFor(t, regulator2.id), otherDept: await tokenFor(t, otherDept.id), admin: await tokenFor(t, admin.id),
    };
    // A credit commitment letter published and signed in ParkTrust by both tenants.
    const letter = await publishVersion(t, { kind: 'commitment', title: '信用承诺书' });
    const sign = async (tenant: TenantEntity, token: string) => {
      const ob = await t.dataSource.getRepository(SigningObligationEntity).findOneByOrFail({ versionId: letter.versionId, tenantId: tenant.id });
      const res = await t.http().post(`/api/v1/conventions/obligations/${ob.id}/sign`).set(bearer(token)).send({ signerName: '张三', signerTitle: '合规负责人', consent: true }).expect(201);
      return res.body.id as number;
    };
    signatureA = await sign(A, tokens.officerA);
    signatureB = await sign(B, tokens.officerB);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a finding: refused before eligibility with the date, then apply → reply → approve; N04 stops counting, nothing deleted', async () => {
    // Decided today: a general finding may be repaired after 3 months.
    const fresh = await record(A, today);
    const before = await applications();
    const early = await apply(tokens.officerA, { subject: `finding:${fresh}`, statement: '已缴纳罚款并整改。', commitmentSignatureId: String(signatureA) }).expect(409);
    const eligibleOn = (await t.dataSource.getRepository(FindingEntity).findOneByOrFail({ id: fresh })).repairEligibleOn;
    expect(eligibleOn).toBe(addMonths(today, 3));
    expect(early.body).toMatchObject({ statusCode: 409, eligibleOn, reasons: [expect.objectContaining({ code: 'periodNotPassed', params: { date: eligibleOn } })] });
    expect(early.body.message).toContain(eligibleOn);
    expect(await applications()).toBe(before);
    // The page says from when and offers no form.
    const page = await officerA.browser.agent.get(`/repairs/new?subject=finding:${fresh}`).expect(200);
    expect(page.text).toContain('id="not-offered"');
    expect(page.text).toContain(`data-eligible-on="${eligibleOn}"`);
    expect(page.text).not.toContain('name="statement"');
    const eligibility = await t.http().get(`/api/v1/repairs/eligibility?subject=finding:${fresh}`).set(bearer(tokens.officerA)).expect(200);
    expect(eligibility.body).toMatchObject({ eligible: false, eligibleOn, commitments: [expect.objectContaining({ signatureId: signatureA })] });

    // Decided four months ago: eligible.
    const old = await record(A, addMonths(today, -4));
    expect(await n04Of(A.id, old)).toHaveLength(1);
    const listPage = await officerA.browser.agent.get('/repairs').expect(200);
    expect(listPage.text).toMatch(new RegExp(`data-subject="finding:${old}" data-eligible="true"`));
    expect(listPage.text).toMatch(new RegExp(`data-subject="finding:${fresh}" data-eligible="false"`));

    // Another tenant's letter is not this tenant's: field error, nothing written.
    const wrongLetter = await apply(tokens.officerA, { subject: `finding:${old}`, statement: '整改完毕。', commitmentSignatureId: String(signatureB) }).expect(400);
    expect(wrongLetter.body.errors.commitmentSignatureId[0].code).toBe('oneOf');
    // Evidence must be PDF/JPEG/PNG by content.
    const wrongType = await apply(tokens.officerA, { subject: `finding:${old}`, statement: '整改完毕。', commitmentSignatureId: String(signatureA) }, [{ data: docx(), name: 'x.pdf' }]);
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors.files[0].code).toBe('fileType');
    expect(await applications()).toBe(before);
    // Another tenant's officer cannot apply for A's finding (404, as if missing).
    await apply(tokens.officerB, { subject: `finding:${old}`, statement: 'x', commitmentSignatureId: String(signatureB) }).expect(404);

    const res = await apply(tokens.officerA, { subject: `finding:${old}`, statement: '已缴纳罚款并完成整改。', commitmentSignatureId: String(signatureA) }, [{ data: pdf('r'), name: 'receipt.pdf' }, { data: png(), name: 'photo.png' }]).expect(201);
    const id = res.body.id as number;
    const calendar = await t.get(WorkingCalendarService).calendar();
    expect(res.body).toMatchObject({ status: 'submitted', replyDueOn: addWorkingDays(today, 10, calendar), commitment: { signatureId: signatureA }, subject: { subject: `finding:${old}` } });
    expect(res.body.deadline).toMatchObject({ kind: 'reply', state: 'left', days: 10 });
    expect(res.body.files).toHaveLength(2);
    // One open application per record.
    await apply(tokens.officerA, { subject: `finding:${old}`, statement: '再来一份', commitmentSignatureId: String(signatureA) }).expect(409);
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: staffUser.id, template: 'repair-submitted', link: `/repairs/${id}` })).toBe(1);
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: regulatorUser.id, template: 'repair-submitted', link: `/repairs/${id}` })).toBe(1);

    // Readers: another tenant's officer sees nothing (404), nor its evidence.
    await t.http().get(`/api/v1/repairs/${id}`).set(bearer(tokens.officerB)).expect(404);
    await t.http().get(`/api/v1/files/${res.body.files[0].id}`).set(bearer(tokens.officerB)).expect(404);
    await t.http().get(`/api/v1/files/${res.body.files[0].id}`).set(bearer(tokens.officerA)).expect(200);
    const listB = await t.http().get('/api/v1/repairs').set(bearer(tokens.officerB)).expect(200);
    expect(listB.body.items.map((i: { id: number }) => i.id)).not.toContain(id);

    // The decision comes after the reply.
    await decide(tokens.regulator, id, { decision: 'approve', reason: '同意' }).expect(409);
    const replied = await reply(tokens.staff, id).expect(200);
    expect(replied.body).toMatchObject({ status: 'in_review', decisionDueOn: addWorkingDays(today, 3, calendar), replyNote: '已受理，材料齐全。' });
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: officerA.user.id, template: 'repair-replied', link: `/repairs/${id}` })).toBe(1);
    // Replied: the regulators of the department are asked to decide, and staff's "to reply" notice left the bell.
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: regulatorUser.id, template: 'repair-to-decide', link: `/repairs/${id}` })).toBe(1);
    expect((await t.dataSource.getRepository(NotificationEntity).findOneByOrFail({ userId: staffUser.id, template: 'repair-submitted', link: `/repairs/${id}` })).readAt).not.toBeNull();
    await reply(tokens.staff, id).expect(409);
    // A regulator of another department cannot decide a finding's repair; a reason is required.
    await decide(tokens.otherDept, id, { decision: 'approve', reason: '同意' }).expect(403);
    const noReason = await decide(tokens.regulator, id, { decision: 'approve' }).expect(400);
    expect(noReason.body.errors.reason[0].code).toBe('required');

    const approved = await decide(tokens.regulator, id, { decision: 'approve', reason: '义务已履行，同意修复。' }).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', decisionReason: '义务已履行，同意修复。', canDecide: false, deadline: null });
    const finding = await t.dataSource.getRepository(FindingEntity).findOneByOrFail({ id: old });
    expect(finding.repairedOn).toBe(today);
    // It stops counting in the score; the fresh one still counts.
    expect(await n04Of(A.id, old)).toEqual([]);
    expect(await n04Of(A.id, fresh)).toHaveLength(1);
    // Never deleted: the finding is still readable.
    await t.http().get(`/api/v1/findings/${old}`).set(bearer(tokens.staff)).expect(200);
    const [audit] = await auditEntries(t, { entityType: 'repair_application', entityId: String(id), action: 'repair.approve' });
    expect(JSON.parse(audit.after!)).toMatchObject({ status: 'approved', subject: `finding:${old}`, repairedOn: today, decisionReason: '义务已履行，同意修复。' });
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: officerA.user.id, template: 'repair-decided', link: `/repairs/${id}` })).toBe(1);
    // The reviewers' notice left their bells.
    expect((await t.dataSource.getRepository(NotificationEntity).findOneByOrFail({ userId: staffUser.id, template: 'repair-submitted', link: `/repairs/${id}` })).readAt).not.toBeNull();
    const officerPage = await officerA.browser.agent.get(`/repairs/${id}`).expect(200);
    expect(officerPage.text).toContain('id="repaired"');
    expect(officerPage.text).toContain('义务已履行，同意修复。');
    expect(officerPage.text).not.toContain(`action="/repairs/${id}/withdraw"`);
    // The e-mails of each step render and go out.
    for (const template of ['repair-submitted', 'repair-replied', 'repair-to-decide', 'repair-decided']) {
      const row = await t.dataSource.getRepository(OutboxMessageEntity).findOneByOrFail({ template, dedupeKey: Like(`${template}:${id}:%`) });
      const settled = await waitForOutboxSettled(t, row.id);
      expect([template, settled.status, settled.lastError]).toEqual([template, 'sent', null]);
    }
    // Repaired: nothing more to apply for on it.
    const again = await apply(tokens.officerA, { subject: `finding:${old}`, statement: 'x', commitmentSignatureId: String(signatureA) }).expect(409);
    expect(again.body.reasons[0].code).toBe('alreadyRepaired');
  });

  it('a black-list entry: a training certificate from the attendance records is required; approval ends the entry by repair', async () => {
    const started = addMonths(today, -13);
    const id = await entry(A, 'black', started);
    expect((await t.get(CreditStatusService).listsOf([A.id], today)).get(A.id)).toContain('black');
    expect(await n09Of(A.id, id)).toHaveLength(1);
    expect(await publicBlack(A.uscc)).toEqual([A.uscc]);
    const absent = await attended(A, 20, 'absent');
    const beforeStart = await attended(A, 500);
    const fields = { subject: `list_entry:${id}`, statement: '已履行全部义务。', commitmentSignatureId: String(signatureA) };
    const missing = await apply(tokens.officerA, fields).expect(400);
    expect(missing.body.errors.trainingSessionIds[0].code).toBe('required');
    const notAttended = await apply(tokens.officerA, { ...fields, trainingSessionIds: [String(absent)] }).expect(400);
    expect(notAttended.body.errors.trainingSessionIds[0].code).toBe('oneOf');
    await apply(tokens.officerA, { ...fields, trainingSessionIds: [String(beforeStart)] }).expect(400);
    const course = await attended(A, 30);
    const res = await apply(tokens.officerA, { ...fields, trainingSessionIds: [String(course)] }).expect(201);
    const appId = res.body.id as number;
    expect(res.body.trainings).toEqual([expect.objectContaining({ sessionId: course, certificateUrl: `/tenants/${A.id}/trainings/${course}/certificate.pdf` })]);
    expect(res.body.eligibleOn).toBe(addMonths(started, 12));
    // Reviewers are told which list it is, in words.
    const told = await t.dataSource.getRepository(OutboxMessageEntity).findOneByOrFail({ dedupeKey: Like(`repair-submitted:${appId}:%`) });
    const mail = t.get(MailRenderer).render(told.template, 'zh-CN', JSON.parse(told.params) as Record<string, unknown>);
    expect(mail.text).toContain('严重失信主体名单');

    // A list entry's reply is park staff's; regulators do not reply to it.
    await reply(tokens.regulator, appId).expect(403);
    await reply(tokens.staff, appId).expect(200);
    const approved = await decide(tokens.regulator2, appId, { decision: 'approve', reason: '满一年且已培训，同意修复。' }).expect(200);
    expect(approved.body.status).toBe('approved');
    const ended = await t.dataSource.getRepository(ListEntryEntity).findOneByOrFail({ id });
    expect(ended).toMatchObject({ status: 'ended', endKind: 'repaired', endedOn: today });
    expect(await t.dataSource.getRepository(ListChangeEntity).countBy({ entryId: id, change: 'repaired' })).toBe(1);
    expect((await t.get(CreditStatusService).listsOf([A.id], today)).get(A.id)).not.toContain('black');
    // It stops counting (no N09) and is no longer shown publicly; the entry itself stays on file.
    expect(await n09Of(A.id, id)).toEqual([]);
    expect(await publicBlack(A.uscc)).toEqual([]);
    await t.http().get(`/api/v1/lists/entries/${id}`).set(bearer(tokens.staff)).expect(200);
    // The hub shows the repaired record no more; staff's home no longer lists the application to reply to.
    const staff = await loginAs(t, 'park_staff');
    const hub = await staff.browser.agent.get(`/tenants/${A.id}`).expect(200);
    expect(hub.text).toContain('id="hub-repairs"');
    expect(hub.text).not.toContain(`data-subject="list_entry:${id}"`);
  });

  it('a watch-list entry is refused before 3 months with the date; the page offers no form', async () => {
    const started = daysFrom(today, -40);
    const id = await entry(B, 'watch', started);
    const res = await apply(tokens.officerB, { subject: `list_entry:${id}`, statement: 'x', commitmentSignatureId: String(signatureB) }).expect(409);
    expect(res.body.eligibleOn).toBe(addMonths(started, 3));
    const officerB = await loginAs(t, 'tenant_officer', { tenantId: B.id });
    const page = await officerB.browser.agent.get('/repairs').expect(200);
    expect(page.text).toMatch(new RegExp(`data-subject="list_entry:${id}" data-eligible="false"`));
    expect(page.text).toContain(addMonths(started, 3));
    // Another tenant's entry is missing to officer A.
    await t.http().get(`/api/v1/repairs/eligibility?subject=list_entry:${id}`).set(bearer(tokens.officerA)).expect(404);
    await t.http().get(`/api/v1/repairs/eligibility?subject=list_entry:${id}`).set(bearer(tokens.staff)).expect(200);
    await t.http().get('/api/v1/repairs/eligibility?subject=nonsense').set(bearer(tokens.staff)).expect(400);
    // The API is documented.
    const docs = await t.http().get('/api/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/v1/repairs', '/api/v1/repairs/eligibility', '/api/v1/repairs/{id}/reply', '/api/v1/repairs/{id}/decision']));
  });

  it('authorization: roles, maker–checker (the replier does not decide), and field-keyed bad input', async () => {
    const f = await record(A, addMonths(today, -5));
    const fields = { subject: `finding:${f}`, statement: '整改完毕。', commitmentSignatureId: String(signatureA) };
    // Only officers apply.
    await apply(tokens.staff, fields).expect(403);
    await apply(tokens.regulator, fields).expect(403);
    const bad = await t.http().post('/api/v1/repairs').set(bearer(tokens.officerA)).send({ subject: 'finding:x', statement: '', commitmentSignatureId: 'a' }).expect(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['commitmentSignatureId', 'statement', 'subject']);
    const unknown = await t.http().post('/api/v1/repairs').set(bearer(tokens.officerA)).send({ ...fields, commitmentSignatureId: signatureA, extra: 1 }).expect(400);
    expect(Object.keys(unknown.body.errors)).toEqual(['extra']);
    // JSON application, evidence after.
    const json = await t.http().post('/api/v1/repairs').set(bearer(tokens.officerA)).send({ ...fields, commitmentSignatureId: signatureA }).expect(201);
    const id = json.body.id as number;
    // Officers and evaluators neither reply nor decide.
    await reply(tokens.officerA, id).expect(403);
    await decide(tokens.officerA, id, { decision: 'approve', reason: 'x' }).expect(403);
    // The finding's department's regulator replies — and may then not decide it.
    await reply(tokens.regulator, id).expect(200);
    await decide(tokens.staff, id, { decision: 'approve', reason: 'x' }).expect(403);
    const own = await decide(tokens.regulator, id, { decision: 'approve', reason: '同意' }).expect(403);
    expect(own.body.error).toBe('listsRepair.errors.ownReply');
    // No evidence yet: approval refused; the officer adds it, then another regulator of the department approves.
    await decide(tokens.regulator2, id, { decision: 'approve', reason: '同意' }).expect(409);
    await t.http().post(`/api/v1/repairs/${id}/evidence`).set(bearer(tokens.officerB)).attach('files', pdf('x'), { filename: 'x.pdf' }).expect(404);
    await t.http().post(`/api/v1/repairs/${id}/evidence`).set(bearer(tokens.officerA)).attach('files', pdf('x'), { filename: 'x.pdf' }).expect(201);
    const rejected = await decide(tokens.regulator2, id, { decision: 'reject', reason: '整改材料不足。' }).expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionReason: '整改材料不足。' });
    expect((await t.dataSource.getRepository(FindingEntity).findOneByOrFail({ id: f })).repairedOn).toBeNull();
    await t.http().post(`/api/v1/repairs/${id}/withdraw`).set(bearer(tokens.officerA)).expect(409);
    await t.http().get('/api/v1/repairs/999999').set(bearer(tokens.staff)).expect(404);
    await reply(tokens.staff, 999999).expect(404);
    // A new application after a rejection; the officer withdraws it.
    const second = await t.http().post('/api/v1/repairs').set(bearer(tokens.officerA)).send({ ...fields, commitmentSignatureId: signatureA }).expect(201);
    await t.http().post(`/api/v1/repairs/${second.body.id}/withdraw`).set(bearer(tokens.officerB)).expect(404);
    const withdrawn = await t.http().post(`/api/v1/repairs/${second.body.id}/withdraw`).set(bearer(tokens.officerA)).expect(200);
    expect(withdrawn.body.status).toBe('withdrawn');
  });

  it.each(['zh-CN', 'en'])('the deadline reminder e-mail renders in %s', (locale) => {
    const mail = t.get(MailRenderer).render('repair-due', locale, {
      tenantName: '修复甲有限公司', kind: 'decision', dueOn: '2026-12-14', state: 'overdue', days: 2, recipientName: '王', link: '/repairs/1',
    });
    expect(mail.text).toContain('2026-12-14');
    expect(mail.text).toContain(locale === 'en' ? 'overdue' : '已逾期');
    expect(mail.subject).not.toMatch(/[{}]/);
  });

  it('reviewers\' queue: working days left / overdue, the due filter, the page form, and the daily reminder once a day', async () => {
    const f = await record(A, addMonths(today, -6));
    const form = await officerA.browser.agent.get(`/repairs/new?subject=finding:${f}`).expect(200);
    expect(form.text).toContain('name="statement"');
    expect(form.text).toContain(`value="${signatureA}"`);
    // The page form: missing evidence is a field error beside the field.
    const noFiles = await officerA.browser.agent.post(`/repairs?_csrf=${encodeURIComponent(officerA.browser.csrf)}`)
      .field('_csrf', officerA.browser.csrf).field('subject', `finding:${f}`).field('statement', '整改完毕。').field('commitmentSignatureId', String(signatureA)).expect(400);
    expect(fieldError(noFiles.text, 'files')).toBeTruthy();
    const posted = await officerA.browser.agent.post(`/repairs?_csrf=${encodeURIComponent(officerA.browser.csrf)}`)
      .field('_csrf', officerA.browser.csrf).field('subject', `finding:${f}`).field('statement', '整改完毕。').field('commitmentSignatureId', String(signatureA))
      .attach('files', pdf('ok'), { filename: 'ok.pdf' }).expect(303);
    const id = Number(/\/repairs\/(\d+)$/.exec(posted.headers.location)![1]);
    // Make it overdue by three working days.
    const calendar = await t.get(WorkingCalendarService).calendar();
    let d = today;
    for (let n = isWorkingDay(d, calendar) ? 1 : 0; n < 3; n += isWorkingDay(d, calendar) ? 1 : 0) d = daysFrom(d, -1);
    const due = daysFrom(d, -1);
    await t.dataSource.getRepository(RepairApplicationEntity).update({ id }, { replyDueOn: due });
    const overdue = await t.http().get('/api/v1/repairs?due=overdue').set(bearer(tokens.staff)).expect(200);
    const item = overdue.body.items.find((i: { id: number }) => i.id === id);
    expect(item.deadline).toMatchObject({ kind: 'reply', state: 'overdue', days: 3, dueOn: due });
    const soon = await t.http().get('/api/v1/repairs?due=soon&status=submitted').set(bearer(tokens.staff)).expect(200);
    expect(soon.body.items.map((i: { id: number }) => i.id)).toContain(id);
    const queue = await t.http().get('/api/v1/repairs?due=overdue').set(bearer(tokens.officerB)).expect(200);
    expect(queue.body.items.map((i: { id: number }) => i.id)).not.toContain(id);
    const staff = await loginAs(t, 'park_staff');
    const page = await staff.browser.agent.get('/repairs?due=overdue').expect(200);
    expect(page.text).toMatch(new RegExp(`data-repair="${id}"[\\s\\S]*?data-state="overdue"`));
    expect(page.text).toContain('已逾期 3 个工作日');
    await t.http().get('/api/v1/repairs?due=later').set(bearer(tokens.staff)).expect(400);

    const reminders = t.get(RepairReminders);
    const sent = await reminders.run(today);
    expect(sent).toBeGreaterThan(0);
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: staffUser.id, template: 'repair-due', link: `/repairs/${id}` })).toBe(1);
    await reminders.run(today);
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: staffUser.id, template: 'repair-due', link: `/repairs/${id}` })).toBe(1);
    // The staff reply on the page moves it to review.
    const detail = await staff.browser.agent.get(`/repairs/${id}`).expect(200);
    expect(detail.text).toContain(`action="/repairs/${id}/reply"`);
    await staff.browser.agent.post(`/repairs/${id}/reply`).type('form').send({ _csrf: staff.browser.csrf, note: '' }).expect(400);
    await staff.browser.agent.post(`/repairs/${id}/reply`).type('form').send({ _csrf: staff.browser.csrf, note: '受理。' }).expect(303);
    expect((await t.dataSource.getRepository(RepairApplicationEntity).findOneByOrFail({ id })).status).toBe('in_review');
    // A regulator of the finding's department finds it on the home page, awaiting a decision.
    const regulator = await loginAs(t, 'regulator', { departmentId: 1 });
    const home = await regulator.browser.agent.get('/').expect(200);
    expect(home.text).toContain('id="home-repairs"');
    expect(home.text).toContain(`href="/repairs/${id}"`);
    // The decision on the page: a reason is required; then the finding is repaired.
    const detailR = await regulator.browser.agent.get(`/repairs/${id}`).expect(200);
    expect(detailR.text).toContain(`action="/repairs/${id}/decision"`);
    const noReason = await regulator.browser.agent.post(`/repairs/${id}/decision`).type('form').send({ _csrf: regulator.browser.csrf, decision: 'approve', reason: '' }).expect(400);
    expect(fieldError(noReason.text, 'reason')).toBeTruthy();
    await regulator.browser.agent.post(`/repairs/${id}/decision`).type('form').send({ _csrf: regulator.browser.csrf, decision: 'approve', reason: '同意。' }).expect(303);
    expect((await t.dataSource.getRepository(FindingEntity).findOneByOrFail({ id: f })).repairedOn).toBe(today);
  });
});

import { ApiTokensService } from '../../src/accounts/api-tokens.service.js';
import type { Role } from '../../src/accounts/domain/roles.js';
import { publishVersion } from './conventions-helpers.js';
import { anonymousBrowser, bearer } from './http-helpers.js';
import type { Who } from './route-matrix.js';
import { createTenant, createUser, login, TEST_ACTOR, tokenFor, type Browser, type TestApp } from './test-app.js';
import { pdf, png } from './upload-fixtures.js';
import { I18nService } from '../../src/i18n/i18n.service.js';
import { TrainingAttendanceEntity } from '../../src/trainings/entities/training-attendance.entity.js';
import { TrainingInvitationEntity } from '../../src/trainings/entities/training-invitation.entity.js';
import { TrainingSessionEntity } from '../../src/trainings/entities/training-session.entity.js';
import { UsersService } from '../../src/accounts/users.service.js';
import { EvaluationEngagementEntity } from '../../src/evaluations/entities/evaluation-engagement.entity.js';
import { EvaluationInstitutionEntity } from '../../src/evaluations/entities/evaluation-institution.entity.js';
import { EvaluationEntity } from '../../src/evaluations/entities/evaluation.entity.js';
import { testUscc } from './test-context.js';
import { RepairApplicationEntity } from '../../src/lists/entities/repair-application.entity.js';
import { RepairRuleEntity } from '../../src/lists/entities/repair-rule.entity.js';
import { ListEntryEntity } from '../../src/lists/entities/list-entry.entity.js';
import { InspectionItemsService } from '../../src/sampling/items/inspection-items.service.js';
import { DrawEntity } from '../../src/sampling/entities/draw.entity.js';
import { InspectionTaskEntity } from '../../src/sampling/entities/inspection-task.entity.js';
import { InspectorEntity } from '../../src/sampling/entities/inspector.entity.js';
import { ProgrammeDepartmentEntity } from '../../src/sampling/entities/programme-department.entity.js';
import { ProgrammeGradeEntity } from '../../src/sampling/entities/programme-grade.entity.js';
import { SamplingProgrammeEntity } from '../../src/sampling/entities/sampling-programme.entity.js';
import { TaskInspectorEntity } from '../../src/sampling/entities/task-inspector.entity.js';
import { CreditMeasureEntity } from '../../src/lists/entities/credit-measure.entity.js';

export interface TenantRef {
  id: number;
  name: string;
  uscc: string;
}

/** The records the authorization matrix aims at; "own" is the matrix's tenant officer's tenant. */
export interface MatrixFixtures {
  own: TenantRef;
  other: TenantRef;
  /** A tenant per caller for status changes, so every allowed call is a valid transition. */
  statusTarget: Record<Who, number>;
  /** The matrix's callers, one account per role (the officer belongs to `own`). */
  users: Record<Role, { id: number; email: string }>;
  /** A published version both tenants have signed online: the signatures and the own receipt's code. */
  signed: { conventionId: number; versionId: number; own: number; other: number; code: string };
  /** Unsigned obligations of another published version. */
  unsigned: { own: number; other: number };
  /** A draft (the next version of `signed`'s convention). */
  draftVersionId: number;
  /** A breach per tenant, each with one evidence file. */
  breach: { own: number; other: number };
  file: { own: number; other: number };
  /** An account, and one of its API tokens, for the user-administration routes to act on. */
  adminTarget: { userId: number; tokenId: number };
  departmentId: number;
  /** Evaluations of an institution the matrix evaluator is bound to: a submitted one per tenant. */
  evaluation: { institutionId: number; own: number; other: number };
  /** A training session both tenants were invited to and attended (certificates, attendance pages). */
  attendedSession: number;
  /** A finding per tenant, recorded by the matrix regulator's department (1) with rectification required by a week from now. */
  finding: { own: number; other: number };
  /** Rectification evidence the matrix officer submitted for a third finding of its tenant (department 1), awaiting verification. */
  rectification: number;
  /** Self-reports: a pending claim per tenant (each with a PDF), and one of the own tenant already rejected. */
  selfReport: { own: number; other: number; decided: number };
  /** List entries: a watch-list proposal per tenant (proposed by the matrix park_staff, objection window open), and a red-list proposal of the own tenant the matrix regulator rejected. */
  listEntry: { own: number; other: number; decided: number };
  /** Credit-repair applications of a finding: an open one per tenant and a rejected one of the own tenant. */
  repair: { own: number; other: number; decided: number };
  /** 信易+ claims: `own`/`other` open claims of the officer's own and another tenant; `decided` a rejected one of the own tenant; `measureId` a seeded measure. */
  /** A joint check made with park staff's token on the officer's own tenant: its log id and public check id. */
  jointCheck: { id: number; checkId: string };
  measureClaim: { own: number; other: number; decided: number; measureId: number };
  /** Sampling pool: a seeded inspection item of the matrix regulator's department (1, market) and one of another department (tax);
   *  an inspector (a regulator of department 1 who is NOT the matrix regulator) with an open conflict and an absence. */
  sampling: { ownItem: number; otherItem: number; inspector: number; conflict: number; absence: number };
  /** A sampling programme draft drafted by the matrix's park_staff user (grades A–D, no draws). */
  programme: { draft: number };
  /** Inspection tasks (assigned, not flagged) of a programme of department 1, one per tenant; their inspector is NOT the matrix regulator. */
  inspectionTask: { own: number; other: number };
}

export interface MatrixWorld {
  fixtures: MatrixFixtures;
  /** A logged-in browser per role, and one that has only opened the login page. */
  browsers: Record<Who, Browser>;
  tokens: Record<Role, string>;
}

const ROLES_IN_MATRIX: readonly Role[] = ['admin', 'park_staff', 'tenant_officer', 'evaluator', 'regulator'];
const PNG = png();
const SIGN_BODY = { signerName: '矩阵签署人', signerTitle: '合规负责人', consent: true };

/** A past session (yesterday) both tenants were invited to and marked present at, straight through the repositories. */
async function seedAttendedSession(t: TestApp, tenantIds: readonly number[]): Promise<number> {
  const startsAt = new Date(Date.now() - 86_400_000);
  const repo = t.dataSource.getRepository(TrainingSessionEntity);
  const session = await repo.save(repo.create({
    title: '矩阵法治讲座', kind: 'law_lecture', hostDepartmentId: null, hostTenantId: null, speaker: '', speakerTenantId: null,
    startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), location: '会议中心', capacity: null, audience: 'tenants',
    audienceFilter: JSON.stringify(tenantIds), status: 'scheduled', cancelReason: null, checkinSecret: 'a'.repeat(40), absencesMarkedAt: null, createdBy: 1,
  }));
  await t.dataSource.getRepository(TrainingInvitationEntity).insert(tenantIds.map((tenantId) => ({ sessionId: session.id, tenantId })));
  await t.dataSource.getRepository(TrainingAttendanceEntity).insert(tenantIds.map((tenantId) => ({ sessionId: session.id, tenantId, mark: 'present' as const, source: 'roll_call' as const, markedBy: null, markedAt: startsAt })));
  return session.id;
}

/** An institution valid this year and next, engaged for the tenants, the evaluator bound to it, and one submitted evaluation per tenant (straight through the repositories). */
async function seedEvaluations(t: TestApp, evaluatorId: number, tenantIds: readonly number[]): Promise<{ institutionId: number; own: number; other: number }> {
  const year = new Date().getUTCFullYear();
  const institution = await t.dataSource.getRepository(EvaluationInstitutionEntity).save({
    name: `矩阵评价中心${Date.now()}`, uscc: testUscc(), accreditationNo: 'JZ-001', validFrom: `${year - 1}-01-01`, validTo: `${year + 1}-12-31`, active: true,
  });
  await t.get(UsersService).setInstitution(evaluatorId, institution.id, TEST_ACTOR);
  const ids: number[] = [];
  for (const [i, tenantId] of tenantIds.entries()) {
    // Only the first tenant's engagement stays active: the evaluator's form (shown again on a refusal) then names no other tenant.
    const engagement = await t.dataSource.getRepository(EvaluationEngagementEntity).save({
      institutionId: institution.id, tenantId, periodFrom: `${year - 1}-01-01`, periodTo: `${year + 1}-12-31`, status: i === 0 ? 'active' as const : 'cancelled' as const, note: null, createdBy: null,
    });
    const evaluation = await t.dataSource.getRepository(EvaluationEntity).save({
      institutionId: institution.id, engagementId: engagement.id, tenantId, periodFrom: `${year - 1}-01-01`, periodTo: `${year - 1}-12-31`, grade: 'B' as const,
      summary: '矩阵评价', validUntil: `${year + 1}-12-31`, status: 'submitted' as const, submittedById: evaluatorId, submittedAt: new Date(),
      acceptedById: null, acceptedAt: null, acceptedOn: null, source: 'api' as const,
    });
    ids.push(evaluation.id);
  }
  return { institutionId: institution.id, own: ids[0], other: ids[1] };
}

function expectStatus(what: string, res: { status: number; text: string }, status: number): void {
  if (res.status !== status) throw new Error(`matrix fixture: ${what} answered ${res.status}, expected ${status}: ${res.text.slice(0, 300)}`);
}

function idFrom(what: string, location: unknown, pattern: RegExp): number {
  const match = pattern.exec(String(location));
  if (!match) throw new Error(`matrix fixture: ${what} redirected to ${String(location)}`);
  return Number(match[1]);
}

/**
 * Builds everything the matrix needs, once: tenants, one caller per role, and the conventions
 * records (signatures, obligations, a draft, breaches with files), through services and HTTP as a
 * user would.
 */
export async function buildMatrixWorld(t: TestApp): Promise<MatrixWorld> {
  const stamp = Date.now();
  const ownTenant = await createTenant(t, { name: `矩阵本企业${stamp}有限公司` });
  const otherTenant = await createTenant(t, { name: `矩阵他企业${stamp}有限公司` });
  const statusTarget = {} as Record<Who, number>;
  for (const who of ['anonymous', ...ROLES_IN_MATRIX] as Who[]) statusTarget[who] = (await createTenant(t, { name: `矩阵状态${who}${stamp}有限公司` })).id;

  const users = {} as MatrixFixtures['users'];
  const browsers = { anonymous: await anonymousBrowser(t) } as Record<Who, Browser>;
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES_IN_MATRIX) {
    const user = await createUser(t, role, role === 'tenant_officer' ? { tenantId: ownTenant.id } : {});
    users[role] = { id: user.id, email: user.email };
    browsers[role] = await login(t, user.email);
    tokens[role] = await tokenFor(t, user.id);
  }
  const otherOfficer = await tokenFor(t, (await createUser(t, 'tenant_officer', { tenantId: otherTenant.id })).id);

  // Publishing asks every active tenant to sign: both tenants get an obligation per version.
  const signedVersion = await publishVersion(t, { title: '矩阵管理公约' });
  const unsignedVersion = await publishVersion(t, { kind: 'commitment', title: '矩阵信用承诺书' });
  const obligationOf = async (token: string, versionId: number): Promise<number> => {
    const res = await t.http().get('/api/v1/conventions/my/obligations').set(bearer(token));
    expectStatus('GET /api/v1/conventions/my/obligations', res, 200);
    const found = (res.body as { id: number; versionId: number }[]).find((o) => o.versionId === versionId);
    if (!found) throw new Error(`matrix fixture: no obligation for version ${versionId}`);
    return found.id;
  };
  const sign = async (token: string, obligationId: number): Promise<{ id: number; verificationCode: string }> => {
    const res = await t.http().post(`/api/v1/conventions/obligations/${obligationId}/sign`).set(bearer(token)).send(SIGN_BODY);
    expectStatus('signing', res, 201);
    return res.body as { id: number; verificationCode: string };
  };
  const ownSignature = await sign(tokens.tenant_officer, await obligationOf(tokens.tenant_officer, signedVersion.versionId));
  const otherSignature = await sign(otherOfficer, await obligationOf(otherOfficer, signedVersion.versionId));

  const staff = browsers.park_staff;
  const draft = await staff.agent.post(`/conventions/${signedVersion.conventionId}/versions`).type('form').send({ _csrf: staff.csrf });
  expectStatus('new draft', draft, 303);

  const occurredOn = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  const recordBreach = async (tenantId: number): Promise<{ breach: number; file: number }> => {
    const res = await staff.agent.post(`/conventions/breaches`).field('_csrf', staff.csrf)
      .field('tenantId', String(tenantId)).field('clauseId', String(signedVersion.clauseIds[0]))
      .field('occurredOn', occurredOn).field('description', '授权矩阵测试违约')
      .attach('files', PNG, { filename: 'evidence.png' });
    expectStatus('recording a breach', res, 303);
    const breach = idFrom('recording a breach', res.headers.location, /^\/conventions\/breaches\/(\d+)$/);
    const detail = await t.http().get(`/api/v1/conventions/breaches/${breach}`).set(bearer(tokens.park_staff));
    expectStatus('reading the breach', detail, 200);
    return { breach, file: (detail.body as { files: { id: number }[] }).files[0].id };
  };
  const ownBreach = await recordBreach(ownTenant.id);
  const otherBreach = await recordBreach(otherTenant.id);

  // Evaluations: an accredited institution engaged for both tenants, the matrix evaluator bound to it, and a submitted evaluation per tenant.
  const evaluation = await seedEvaluations(t, users.evaluator.id, [ownTenant.id, otherTenant.id]);

  const target = await createUser(t, 'evaluator');
  const targetToken = await t.get(ApiTokensService).issue(target.id, 'matrix', TEST_ACTOR);

  const attendedSession = await seedAttendedSession(t, [ownTenant.id, otherTenant.id]);

  const recordFinding = async (tenantId: number, n: string): Promise<number> => {
    const res = await t.http().post('/api/v1/findings').set(bearer(tokens.regulator)).send({
      tenantId, type: 'penalty', severity: 'general', penaltyKind: 'fine', title: '矩阵行政处罚', legalBasis: '《矩阵条例》第一条',
      decisionNo: `矩阵罚〔${stamp}〕${n}号`, decisionDate: occurredOn, description: '授权矩阵测试处罚',
      rectificationRequired: true, rectifyBy: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
    });
    expectStatus('recording a finding', res, 201);
    return (res.body as { id: number }).id;
  };
  const finding = { own: await recordFinding(ownTenant.id, '1'), other: await recordFinding(otherTenant.id, '2') };
  const evidence = await t.http().post(`/api/v1/findings/${await recordFinding(ownTenant.id, '3')}/rectification`).set(bearer(tokens.tenant_officer))
    .field('statement', '矩阵整改说明').attach('files', PNG, { filename: 'evidence.png' });
  expectStatus('submitting rectification evidence', evidence, 201);
  const rectification = (evidence.body as { pendingId: number }).pendingId;

  const claim = async (token: string, title: string): Promise<number> => {
    const res = await t.http().post('/api/v1/self-reports').set(bearer(token))
      .field('kind', 'honour').field('title', title).field('description', '矩阵测试').field('occurredOn', t.get(I18nService).today())
      .attach('files', pdf('matrix'), { filename: 'matrix.pdf' });
    expectStatus('claiming a self-report', res, 201);
    return (res.body as { id: number }).id;
  };
  const selfReport = { own: await claim(tokens.tenant_officer, '矩阵申报'), other: await claim(otherOfficer, '矩阵申报（他企）'), decided: await claim(tokens.tenant_officer, '矩阵申报（已驳回）') };
  expectStatus('rejecting a self-report', await t.http().post(`/api/v1/self-reports/${selfReport.decided}/decision`).set(bearer(tokens.park_staff)).send({ decision: 'reject', reason: '矩阵' }), 200);

  const proposeEntry = async (tenantId: number, list: 'watch' | 'red'): Promise<number> => {
    const res = await t.http().post('/api/v1/lists/entries').set(bearer(tokens.park_staff))
      .send({ tenantId, list, criterion: list === 'red' ? 'annual_nomination' : 'grade_d', reasons: '矩阵名单提议' });
    expectStatus('proposing a list entry', res, 201);
    return (res.body as { id: number }).id;
  };
  const listEntry = { own: await proposeEntry(ownTenant.id, 'watch'), other: await proposeEntry(otherTenant.id, 'watch'), decided: await proposeEntry(ownTenant.id, 'red') };
  expectStatus('rejecting a list entry', await t.http().post(`/api/v1/lists/entries/${listEntry.decided}/reject`).set(bearer(tokens.regulator)).send({ reason: '矩阵' }), 200);

  const repairRule = await t.dataSource.getRepository(RepairRuleEntity).findOneByOrFail({ subject: 'finding_general' });
  const repairRow = async (tenantId: number, subjectId: number, submittedById: number, status: 'submitted' | 'rejected'): Promise<number> => {
    const repo = t.dataSource.getRepository(RepairApplicationEntity);
    const now = new Date();
    const today = t.get(I18nService).today();
    return (await repo.save(repo.create({
      tenantId, subjectType: 'finding', subjectId, status, statement: '矩阵修复申请', commitmentSignatureId: null, trainingAttendanceIds: [],
      eligibleOn: today, repairRuleId: repairRule.id, submittedById, submittedAt: now, replyDueOn: today,
      repliedById: null, repliedAt: null, replyNote: null, decisionDueOn: null, decidedById: null, decidedAt: status === 'rejected' ? now : null,
      decisionReason: status === 'rejected' ? '矩阵' : null, updatedAt: now,
    }))).id;
  };
  const repair = {
    own: await repairRow(ownTenant.id, finding.own, users.tenant_officer.id, 'submitted'),
    other: await repairRow(otherTenant.id, finding.other, users.tenant_officer.id, 'submitted'),
    decided: await repairRow(ownTenant.id, finding.own, users.tenant_officer.id, 'rejected'),
  };

  // 信易+: both tenants on the red list (lighter_documents needs it), an open claim each, a rejected one of the own tenant.
  const now = new Date();
  const today = t.get(I18nService).today();
  for (const tenantId of [ownTenant.id, otherTenant.id]) {
    await t.dataSource.getRepository(ListEntryEntity).insert({
      tenantId, list: 'red', status: 'active', criterion: 'other', reasons: '矩阵', legalBasis: '矩阵依据', records: [], listRuleId: 1,
      proposedById: users.park_staff.id, proposedAt: now, noticeSentAt: null, objectionClosesOn: null, decidedById: null, decidedAt: now,
      decisionReason: null, startsOn: today, plannedEndOn: '2099-12-31', earliestExitOn: null, endedOn: null, endKind: null, endReason: null,
      endedById: null, createdAt: now, updatedAt: now,
    });
  }
  const measureId = (await t.dataSource.getRepository(CreditMeasureEntity).findOneByOrFail({ code: 'lighter_documents' })).id;
  const claimMeasure = async (token: string): Promise<number> => {
    const res = await t.http().post('/api/v1/measure-claims').set(bearer(token)).send({ measureId, note: '矩阵' });
    expectStatus('claiming a 信易+ incentive', res, 201);
    return (res.body as { id: number }).id;
  };
  const decidedClaim = await claimMeasure(tokens.tenant_officer);
  expectStatus('rejecting a 信易+ claim', await t.http().post(`/api/v1/measure-claims/${decidedClaim}/decision`).set(bearer(tokens.park_staff)).send({ decision: 'reject', reason: '矩阵' }), 200);
  const measureClaim = { own: await claimMeasure(tokens.tenant_officer), other: await claimMeasure(otherOfficer), decided: decidedClaim, measureId };

  const jc = await t.http().post('/api/v1/joint-checks').set(bearer(tokens.park_staff))
    .send({ uscc: ownTenant.uscc, purpose: 'administrative_approval', requester: '矩阵核查' });
  expectStatus('a joint check', jc, 200);
  const jcRow = await t.http().get(`/api/v1/joint-checks/${jc.body.checkId as string}`).set(bearer(tokens.park_staff));
  expectStatus('reading the joint check', jcRow, 200);
  const jointCheck = { id: jcRow.body.id as number, checkId: jc.body.checkId as string };

  const itemIds = await t.get(InspectionItemsService).listActive();
  const ownItem = itemIds.find((i) => i.code === 'MKT-001')!.id;
  const otherItem = itemIds.find((i) => i.code === 'TAX-001')!.id;
  const poolUser = await createUser(t, 'regulator', { departmentId: 1 });
  const flagged = await t.http().post('/api/v1/sampling/inspectors').set(bearer(tokens.park_staff)).send({ userId: poolUser.id, code: 'MATRIX-001' });
  expectStatus('flagging an inspector', flagged, 201);
  const inspectorId = (flagged.body as { id: number }).id;
  const conflictRes = await t.http().post(`/api/v1/sampling/inspectors/${inspectorId}/conflicts`).set(bearer(tokens.park_staff)).send({ tenantId: ownTenant.id, reason: '矩阵' });
  expectStatus('declaring a conflict', conflictRes, 201);
  const absenceRes = await t.http().post(`/api/v1/sampling/inspectors/${inspectorId}/absences`).set(bearer(tokens.park_staff)).send({ fromDate: '2030-01-01', toDate: '2030-01-05', reason: '矩阵' });
  expectStatus('recording an absence', absenceRes, 201);
  const sampling = { ownItem, otherItem, inspector: inspectorId, conflict: (conflictRes.body as { id: number }).id, absence: (absenceRes.body as { id: number }).id };

  const programmeRow = await t.dataSource.getRepository(SamplingProgrammeEntity).save({
    year: new Date().getUTCFullYear() + 1, title: '矩阵抽查计划', status: 'draft', amendsId: null, revision: 1,
    targetedRules: 'black_list', complaintDays: 90, notes: null, createdById: users.park_staff.id,
  });
  await t.dataSource.getRepository(ProgrammeGradeEntity).insert(['A', 'B', 'C', 'D'].map((grade) => ({ programmeId: programmeRow.id, grade: grade as 'A', ratioBp: 1000, drawsPerYear: 1, cooldownMonths: 0 })));
  const programme = { draft: programmeRow.id };

  const seedInspectionTasks = async (): Promise<{ own: number; other: number }> => {
    const inspectorUser = await createUser(t, 'regulator', { departmentId: 1 });
    const inspector = await t.dataSource.getRepository(InspectorEntity).save({ userId: inspectorUser.id, departmentId: 1, code: `MX-${stamp}`, active: true });
    const approved = await t.dataSource.getRepository(SamplingProgrammeEntity).save({
      year: Number(occurredOn.slice(0, 4)), title: '矩阵抽查计划', status: 'approved', targetedRules: '', complaintDays: 90, revision: 1, createdById: users.park_staff.id,
    });
    await t.dataSource.getRepository(ProgrammeDepartmentEntity).save({ programmeId: approved.id, departmentId: 1, inspectorsPerTask: 1, position: 0 });
    const drawnAt = new Date(Date.now() - 86_400_000);
    const draw = await t.dataSource.getRepository(DrawEntity).save({
      programmeId: approved.id, seq: 1, grades: 'ABCD', status: 'drawn', announceAt: new Date(drawnAt.getTime() - 86_400_000), drawAt: drawnAt, drawnAt, taskCount: 2,
    });
    const ids: number[] = [];
    for (const [position, tenant] of [ownTenant, otherTenant].entries()) {
      const task = await t.dataSource.getRepository(InspectionTaskEntity).save({
        drawId: draw.id, programmeId: approved.id, position, tenantId: tenant.id, uscc: tenant.uscc, stratum: 'B', rank: '0'.repeat(64), status: 'assigned',
      });
      await t.dataSource.getRepository(TaskInspectorEntity).save({ taskId: task.id, inspectorId: inspector.id, departmentId: 1, position: 0, assignedBy: 'draw' });
      ids.push(task.id);
    }
    return { own: ids[0], other: ids[1] };
  };
  const inspectionTask = await seedInspectionTasks();

  const ref = (x: TenantRef): TenantRef => ({ id: x.id, name: x.name, uscc: x.uscc });
  return {
    fixtures: {
      own: ref(ownTenant),
      other: ref(otherTenant),
      statusTarget,
      users,
      signed: {
        conventionId: signedVersion.conventionId, versionId: signedVersion.versionId,
        own: ownSignature.id, other: otherSignature.id, code: ownSignature.verificationCode,
      },
      unsigned: {
        own: await obligationOf(tokens.tenant_officer, unsignedVersion.versionId),
        other: await obligationOf(otherOfficer, unsignedVersion.versionId),
      },
      draftVersionId: idFrom('new draft', draft.headers.location, /^\/conventions\/versions\/(\d+)\/edit$/),
      breach: { own: ownBreach.breach, other: otherBreach.breach },
      file: { own: ownBreach.file, other: otherBreach.file },
      adminTarget: { userId: target.id, tokenId: targetToken.record.id },
      // The department every test regulator belongs to (createUser's default).
      departmentId: 1,
      evaluation,
      attendedSession,
      finding,
      rectification,
      selfReport,
      listEntry,
      repair,
      measureClaim,
      jointCheck,
      sampling,
      programme,
      inspectionTask,
    },
    browsers,
    tokens,
  };
}

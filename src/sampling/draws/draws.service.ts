import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { chunk } from '../../common/chunk.js';
import { ConflictError, NotFoundError } from '../../common/errors/domain-error.js';
import type { Actor } from '../../common/principal.js';
import { AppConfig } from '../../config/app-config.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { NotificationsService, type NoticeInput } from '../../notifications/notifications.service.js';
import { SamplingFrameService } from '../core/sampling-frame.service.js';
import { bundleJson, DRAW_FORMAT, drawKey, frameHash, frameTextParts, newSeed, parseFrameText, seedCommitment, type DrawBundle } from '../domain/draw.rules.js';
import type { ProgrammeDetail } from '../domain/programme.types.js';
import { SAMPLING_GRADES, type FrameKind, type SamplingGrade } from '../domain/sampling-kinds.js';
import { DrawEntity } from '../entities/draw.entity.js';
import { InspectorPoolService } from '../inspectors/inspector-pool.service.js';
import { ProgrammesQueries } from '../programmes/programmes.queries.js';
import { ParallelDrawEngine } from './draw-engine.parallel.js';
import { drawGrades, flaggedReason, parseIdList } from './draws.rules.js';

/** The system's own actor, for the scheduled announcements and draws. */
export const DRAW_JOB_ACTOR: Actor = { userId: null, label: 'job:sampling.drawExecutions', ip: null };

/** Rows per multi-row INSERT: under SQLite's bound-parameter limit (32,766: 5 × 6,000, 11 × 2,500), few statements on MySQL. */
const MEMBER_ROWS = 6000;
const TASK_ROWS = 2500;
const ASSIGNEE_ROWS = 6000;
/** Bytes of frame text per draw_frame_texts row (a `text` column holds 65,535 on MySQL), and rows per INSERT. */
const FRAME_TEXT_BYTES = 60_000;
const FRAME_TEXT_ROWS = 16;
/** Keys per `IN (…)` list. */
const KEY_CHUNK = 5000;
/** From this frame size on a draw starts its engine's worker threads before reading the frame. */
const PARALLEL_FROM_MEMBERS = 20_000;

/** An instant to the whole second: what a `datetime` column keeps on either database, so the bundle's times match the row's. */
const wholeSecond = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

export interface DrawOutcome {
  draw: DrawEntity;
  /** False when the draw had already been drawn (a second run, a redelivered job): nothing was written. */
  ranNow: boolean;
}

/** Milliseconds since `from`, for the phase timings the bench prints. */
const since = (from: number) => Math.round(performance.now() - from);

type FrameRow = { uscc: string; tenantId: number; kind: FrameKind; reason: string | null };

/**
 * Scheduled draws (DESIGN.md §5): the announcement freezes the frame and commits the seed; a regulator
 * may add public entropy until the draw; the draw selects the tasks and their inspectors with the pure
 * engine (draw.rules.ts), writes them set-based, and publishes the verification bundle. Every step is
 * a conditional claim (`… WHERE status = <expected>`) in one transaction: a redelivered job, a second
 * worker or a button pressed twice changes nothing the first did.
 */
@Injectable()
export class DrawsService {
  private readonly logger = new Logger('Draws');
  /** How long the last announcement's and draw's phases took (ms), for the benchmark's breakdown. */
  lastTimings: Record<string, number> = {};

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly i18n: I18nService,
    private readonly config: AppConfig,
    private readonly programmes: ProgrammesQueries,
    private readonly frames: SamplingFrameService,
    private readonly pool: InspectorPoolService,
  ) {}

  async get(drawId: number): Promise<DrawEntity> {
    const draw = Number.isSafeInteger(drawId) && drawId > 0 ? await this.dataSource.getRepository(DrawEntity).findOneBy({ id: drawId }) : null;
    if (!draw) throw new NotFoundError();
    return draw;
  }

  /**
   * The draw's programme, when it may still be announced (approved) or drawn (approved, or superseded
   * by an approved amendment after this draw was announced: its frame and seed commitment are public,
   * so it runs at its time; the amendment's approval cancelled the superseded programme's planned draws).
   */
  private async approvedProgramme(programmeId: number, allowSuperseded = false): Promise<ProgrammeDetail> {
    const programme = await this.programmes.detail(programmeId);
    if (programme.status !== 'approved' && !(allowSuperseded && programme.status === 'superseded')) throw new ConflictError('samplingDraws.errors.notApproved');
    return programme;
  }

  /**
   * Freezes the frame (from the grades and rules in force today), generates and commits the seed.
   * Refused (409) for a programme that is not approved, a cancelled draw, or before `announceAt`
   * unless `early`. Announcing an announced or drawn draw returns it unchanged.
   */
  async announce(drawId: number, actor: Actor = DRAW_JOB_ACTOR, now = new Date()): Promise<DrawEntity> {
    const draw = await this.get(drawId);
    if (draw.status === 'announced' || draw.status === 'drawn') return draw;
    if (draw.status === 'cancelled') throw new ConflictError('samplingDraws.errors.cancelled');
    if (draw.announceAt.getTime() > now.getTime()) throw new ConflictError('samplingDraws.errors.notDue');
    const programme = await this.approvedProgramme(draw.programmeId);
    const grades = drawGrades(draw.grades);
    let mark = performance.now();
    const frame = await this.frames.frameFor(programme, grades, this.i18n.formatDate(now));
    this.lastTimings = { frameFor: since(mark) };
    mark = performance.now();
    const strata = [...frame.strata].sort((a, b) => SAMPLING_GRADES.indexOf(a.grade) - SAMPLING_GRADES.indexOf(b.grade));
    const bundleFrame = {
      strata: strata.map((s) => ({ code: s.grade, ratioBp: s.ratioBp, members: ascending(s.members.map((m) => m.uscc)) })),
      targeted: ascendingBy(frame.targeted.map((t) => ({ uscc: t.uscc, reason: t.reason }))),
      excluded: ascendingBy(frame.excluded.map((x) => ({ uscc: x.uscc, reason: x.reason }))),
    };
    const textParts = frameTextParts(bundleFrame, FRAME_TEXT_BYTES);
    const seed = newSeed();
    const committedAt = wholeSecond(now);
    const fields = {
      status: 'announced' as const, frameHash: sha256Of(textParts), seed, seedCommitment: seedCommitment(seed), committedAt,
      memberCount: strata.reduce((n, s) => n + s.members.length, 0), targetedCount: frame.targeted.length, excludedCount: frame.excluded.length,
    };
    const rows: unknown[][] = [
      ...strata.flatMap((s) => s.members.map((m) => [draw.id, m.uscc, m.tenantId, s.grade, null])),
      ...frame.targeted.map((t) => [draw.id, t.uscc, t.tenantId, 'T', t.reason]),
      ...frame.excluded.map((x) => [draw.id, x.uscc, x.tenantId, 'X', x.reason]),
    ];
    this.lastTimings.frameHash = since(mark);
    mark = performance.now();
    const claimed = await this.uow.run(async (m) => {
      const moved = await m.createQueryBuilder().update(DrawEntity).set(fields)
        .where('id = :id', { id: draw.id }).andWhere("status = 'planned'").execute();
      if (moved.affected !== 1) return false;
      for (const part of chunk(rows, MEMBER_ROWS)) {
        await m.query(`INSERT INTO draw_frame_members (drawId, uscc, tenantId, kind, reason) VALUES ${part.map(() => '(?, ?, ?, ?, ?)').join(', ')}`, part.flat());
      }
      const tenantOf = new Map<string, number>();
      for (const s of strata) for (const member of s.members) tenantOf.set(member.uscc, member.tenantId);
      for (const t of frame.targeted) tenantOf.set(t.uscc, t.tenantId);
      const texts = textParts.map((body, part) => [draw.id, part, body, partTenantIds(body, tenantOf)]);
      for (const part of chunk(texts, FRAME_TEXT_ROWS)) {
        await m.query(`INSERT INTO draw_frame_texts (drawId, part, body, tenantIds) VALUES ${part.map(() => '(?, ?, ?, ?)').join(', ')}`, part.flat());
      }
      await this.audit.record(m, actor, {
        action: 'sampling.draw.announce', entityType: 'draw', entityId: draw.id,
        after: {
          programmeId: draw.programmeId, seq: draw.seq, grades: draw.grades, gradesMonth: frame.gradesMonth, frameHash: fields.frameHash,
          seedCommitment: fields.seedCommitment, memberCount: fields.memberCount, targetedCount: fields.targetedCount, excludedCount: fields.excludedCount,
        },
      });
      return true;
    });
    this.lastTimings.write = since(mark);
    if (!claimed) return this.get(drawId);
    return this.get(drawId);
  }

  /**
   * A public value (e.g. an official lottery result) that goes into the draw key. Only while the draw
   * is announced and not yet due: before the announcement there is no commitment to bind it to, after
   * the draw time it could be chosen knowing the seed's effect. Replacing a value is audited.
   */
  async setEntropy(drawId: number, value: string, actor: Actor, now = new Date()): Promise<DrawEntity> {
    const draw = await this.get(drawId);
    if (draw.status === 'drawn') throw new ConflictError('samplingDraws.errors.entropyAfterDraw');
    if (draw.status !== 'announced') throw new ConflictError('samplingDraws.errors.entropyNotAnnounced');
    if (draw.drawAt.getTime() <= now.getTime()) throw new ConflictError('samplingDraws.errors.entropyAfterDraw');
    await this.uow.run(async (m) => {
      const moved = await m.createQueryBuilder().update(DrawEntity)
        .set({ publicEntropy: value, entropyById: actor.userId, entropyAt: wholeSecond(now) })
        // Never once the draw time has come: a draw that is due may be running with the value it read.
        .where('id = :id', { id: draw.id }).andWhere("status = 'announced'").andWhere('drawAt > :now', { now })
        .execute();
      if (moved.affected !== 1) throw new ConflictError('samplingDraws.errors.entropyAfterDraw');
      await this.audit.record(m, actor, {
        action: 'sampling.draw.entropy', entityType: 'draw', entityId: draw.id,
        before: { publicEntropy: draw.publicEntropy }, after: { publicEntropy: value },
      });
    });
    return this.get(drawId);
  }

  /**
   * "Run now" by a person: announces a planned draw whose announcement is due, then draws it if its
   * draw time has come. 409 when neither is due.
   */
  async runNow(drawId: number, actor: Actor, now = new Date()): Promise<DrawOutcome> {
    let draw = await this.get(drawId);
    if (draw.status === 'drawn') return { draw, ranNow: false };
    if (draw.status === 'cancelled') throw new ConflictError('samplingDraws.errors.cancelled');
    if (draw.drawAt.getTime() > now.getTime()) throw new ConflictError('samplingDraws.errors.notDue');
    if (draw.status === 'planned') draw = await this.announce(drawId, actor, now);
    return this.execute(draw.id, actor, now);
  }

  /**
   * Draws an announced draw whose time has come: selection and assignment by the pure engine, tasks
   * and their inspectors in multi-row INSERTs, the bundle file, the inspectors' notices after commit.
   * A drawn draw is returned as it is (no second set of tasks). 409 for a programme neither approved
   * nor superseded (an announced draw of a superseded programme still runs), a draw not announced or
   * not yet due.
   */
  async execute(drawId: number, actor: Actor = DRAW_JOB_ACTOR, now = new Date()): Promise<DrawOutcome> {
    const draw = await this.get(drawId);
    if (draw.status === 'drawn') return { draw, ranNow: false };
    if (draw.status === 'cancelled') throw new ConflictError('samplingDraws.errors.cancelled');
    if (draw.status !== 'announced' || !draw.seed || !draw.seedCommitment || !draw.frameHash || !draw.committedAt) {
      throw new ConflictError('samplingDraws.errors.notAnnounced');
    }
    if (draw.drawAt.getTime() > now.getTime()) throw new ConflictError('samplingDraws.errors.notDue');
    const programme = await this.approvedProgramme(draw.programmeId, true);

    // A large draw shares its HMACs out over the cores: the worker threads boot while the frame is read.
    const engine = new ParallelDrawEngine();
    if (draw.memberCount >= PARALLEL_FROM_MEMBERS) engine.warmUp();
    try {
      return await this.executeWith(engine, draw, programme, actor, now);
    } finally {
      await engine.close();
    }
  }

  private async executeWith(engine: ParallelDrawEngine, draw: DrawEntity, programme: ProgrammeDetail, actor: Actor, now: Date): Promise<DrawOutcome> {
    if (!draw.seed || !draw.seedCommitment || !draw.committedAt) throw new ConflictError('samplingDraws.errors.notAnnounced');
    let mark = performance.now();
    const grades = drawGrades(draw.grades);
    const departments = [...programme.departments].sort((a, b) => a.position - b.position);
    const drawDay = this.i18n.formatDate(now);
    // The pool's reads do not depend on the frame: they run while it is read, and while the workers select.
    const poolReads = Promise.all([this.pool.poolFor(departments.map((d) => d.departmentId), drawDay), this.previousAssignments(draw)]);
    poolReads.catch(() => undefined);
    const { lists, tenantIds, special, hashed } = await this.frozenFrame(draw);
    this.lastTimings = { frameRead: since(mark) };
    mark = performance.now();
    const frame = this.bundleFrame(lists, special, grades, programme);
    // The stored text was checked against the announced hash as it was read; member rows are hashed here.
    const hash = hashed ? (draw.frameHash as string) : frameHash(frame);
    if (hash !== draw.frameHash) throw new Error(`draw ${draw.id}: the stored frame no longer hashes to the announced ${draw.frameHash}`);

    this.lastTimings.frameHash = since(mark);
    mark = performance.now();
    const key = drawKey(draw.seed, draw.publicEntropy);
    const selection = engine.selection(frame, key);
    selection.catch(() => undefined);
    // The bundle's largest part, serialised while the worker selects (this thread would otherwise wait).
    const frameJson = JSON.stringify(frame);
    const [inspectors, previous] = await poolReads;
    const specialUsccs = new Set(special.map((r) => r.uscc));
    const frameLists = [...lists.values()];
    const inFrame = (uscc: string) => specialUsccs.has(uscc) || frameLists.some((list) => sortedHas(list, uscc));
    // Only the tenants some inspector declared a conflict with need their USCC: read for them alone.
    const usccOf = await this.frameUsccs(draw.id, [...new Set(inspectors.flatMap((i) => i.conflicts.map((c) => c.tenantId)))]);
    const pool = inspectors.map((i) => {
      const excluded = new Map<string, string>();
      for (const c of i.conflicts) {
        const uscc = usccOf.get(c.tenantId);
        if (uscc && !excluded.has(uscc)) excluded.set(uscc, 'conflict');
      }
      for (const uscc of previous.get(i.inspectorId) ?? []) if (!excluded.has(uscc) && inFrame(uscc)) excluded.set(uscc, 'previous_draw');
      return {
        code: i.code, department: i.departmentCode,
        excluded: ascendingBy([...excluded].map(([uscc, reason]) => ({ uscc, reason }))),
      };
    });
    const bundleDepartments = departments.map((d) => ({ code: d.code, inspectorsPerTask: d.inspectorsPerTask }));

    this.lastTimings.pool = since(mark);
    mark = performance.now();
    const { selected, tasks } = await selection;
    this.lastTimings.selection = since(mark);
    mark = performance.now();
    this.lastTimings.threads = engine.threadCount;
    // The workers assign the inspectors while the tasks are written: the few flagged ones are marked after.
    const assignStart = performance.now();
    const assignment = engine.assignment(tasks, bundleDepartments, pool, key);
    assignment.then(() => (this.lastTimings.assignment = since(assignStart)), () => undefined);
    // The selected tenants' ids: from the stored frame's ids (each selected USCC found in its sorted stratum), else read.
    const tenantOf = tenantIds ? tenantsOf(selected, lists, tenantIds) : new Map<string, number>();
    const unknown = selected.filter((s) => !tenantOf.has(s.uscc)).map((s) => s.uscc);
    for (const [uscc, id] of await this.frameTenants(draw.id, unknown)) tenantOf.set(uscc, id);
    this.lastTimings.tenantRead = since(mark);
    mark = performance.now();
    const reasonOf = new Map<string, string | null>();
    for (const r of special) {
      if (r.kind === 'T') {
        tenantOf.set(r.uscc, r.tenantId);
        reasonOf.set(r.uscc, r.reason);
      }
    }
    const taskRows = tasks.map((t, position) => [
      draw.id, draw.programmeId, position, tenantOf.get(t.uscc) as number, t.uscc, t.stratum as FrameKind, t.rank,
      t.stratum === 'T' ? reasonOf.get(t.uscc) ?? null : null, 0, null, 'assigned',
    ]);
    const drawnAt = wholeSecond(now);
    const byCode = new Map(inspectors.map((i) => [i.code, i]));
    const dir = join(this.config.filesDir, 'draws');
    const file = join(dir, `${draw.id}.json`);
    const temp = join(dir, `.${draw.id}.${process.pid}.${Date.now()}.json`);

    let written: boolean;
    try {
      written = await this.uow.run(async (m, afterCommit) => {
        // The claim comes first: a second run stops here before writing anything.
        const moved = await m.createQueryBuilder().update(DrawEntity)
          .set({ status: 'drawn', drawnAt, taskCount: tasks.length })
          .where('id = :id', { id: draw.id }).andWhere("status = 'announced'").andWhere('publicEntropy = :entropy', { entropy: draw.publicEntropy })
          .execute();
        if (moved.affected !== 1) return false;
        this.lastTimings.claim = since(mark);
        mark = performance.now();
        // Statements are queued on the transaction's connection together (it runs them in order), not one round trip each.
        await Promise.all(chunk(taskRows, TASK_ROWS).map((part) => m.query(
          `INSERT INTO inspection_tasks (drawId, programmeId, position, tenantId, uscc, stratum, \`rank\`, targetedReason, needsManual, manualReason, status) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
          part.flat(),
        )));
        const ids = new Map(((await m.query('SELECT id, uscc FROM inspection_tasks WHERE drawId = ?', [draw.id])) as { id: number; uscc: string }[])
          .map((r) => [r.uscc, Number(r.id)]));
        this.lastTimings.taskInsert = since(mark);
        mark = performance.now();

        const { assignments, flagged } = await assignment;
        this.lastTimings.assignmentWait = since(mark);
        mark = performance.now();
        const flaggedBy = new Map<string, string[]>();
        for (const f of flagged) {
          const reasons = flaggedBy.get(f.uscc);
          if (reasons) reasons.push(flaggedReason(f));
          else flaggedBy.set(f.uscc, [flaggedReason(f)]);
        }
        const assignees: unknown[][] = [];
        const tasksOf = new Map<number, number>();
        for (const a of assignments) {
          a.inspectors.forEach((code, position) => {
            const inspector = byCode.get(code) as (typeof inspectors)[number];
            assignees.push([ids.get(a.uscc), inspector.inspectorId, inspector.departmentId, position, 'draw']);
            tasksOf.set(inspector.userId, (tasksOf.get(inspector.userId) ?? 0) + 1);
          });
        }
        // The flags and the assignments go in while the bundle is built below.
        // Flagged tasks by reason (few distinct ones, however many tasks: a department short of inspectors flags them all).
        const byReason = new Map<string, number[]>();
        for (const [uscc, reasons] of flaggedBy) {
          const reason = reasons.join('; ').slice(0, 500);
          const list = byReason.get(reason);
          if (list) list.push(ids.get(uscc) as number);
          else byReason.set(reason, [ids.get(uscc) as number]);
        }
        const rowWrites = Promise.all([
          ...[...byReason].flatMap(([reason, taskIds]) => chunk(taskIds, KEY_CHUNK).map((part) => m.query(
            `UPDATE inspection_tasks SET needsManual = 1, manualReason = ? WHERE id IN (${part.map(() => '?').join(', ')})`, [reason, ...part],
          ))),
          ...chunk(assignees, ASSIGNEE_ROWS).map((part) => m.query(
            `INSERT INTO task_inspectors (taskId, inspectorId, departmentId, position, assignedBy) VALUES ${part.map(() => '(?, ?, ?, ?, ?)').join(', ')}`, part.flat(),
          )),
        ]);
        rowWrites.catch(() => undefined);
        const bundle: DrawBundle = {
          format: DRAW_FORMAT, drawId: draw.id, programmeId: draw.programmeId, departments: bundleDepartments, frame,
          frameHash: hash, seedCommitment: draw.seedCommitment as string, committedAt: (draw.committedAt as Date).toISOString(), seed: draw.seed as string,
          publicEntropy: draw.publicEntropy, drawnAt: drawnAt.toISOString(), selected, inspectorPool: pool, assignments,
        };
        const text = bundleJson(bundle, frameJson);
        const sha = createHash('sha256').update(text).digest('hex');
        // The bundle file is written while the rows go in; it takes its place only once they are all in.
        const fileWrite = mkdir(dir, { recursive: true }).then(() => writeFile(temp, text));
        fileWrite.catch(() => undefined);
        this.lastTimings.bundle = since(mark);
        mark = performance.now();
        await rowWrites;
        await m.createQueryBuilder().update(DrawEntity).set({ flaggedCount: flaggedBy.size, bundleSha256: sha }).where('id = :id', { id: draw.id }).execute();
        this.lastTimings.assigneeInsert = since(mark);
        mark = performance.now();
        await this.audit.record(m, actor, {
          action: 'sampling.draw.execute', entityType: 'draw', entityId: draw.id,
          after: { programmeId: draw.programmeId, seq: draw.seq, publicEntropy: draw.publicEntropy, tasks: tasks.length, flagged: flaggedBy.size, inspectors: tasksOf.size, bundleSha256: sha },
        });
        await this.notifyInspectors(m, afterCommit, draw, programme, tasksOf, drawnAt);
        await fileWrite;
        await rename(temp, file);
        afterCommit(() => this.logger.log(`draw ${draw.id}: ${tasks.length} tasks, ${flaggedBy.size} flagged, bundle ${sha.slice(0, 12)}`));
        return true;
      });
    } finally {
      await rm(temp, { force: true });
    }
    this.lastTimings.auditNoticesCommit = since(mark);
    return { draw: await this.get(draw.id), ranNow: written };
  }

  /**
   * The frozen frame as the draw uses it: from its stored text (draw_frame_texts, a few dozen rows),
   * checked against the announced frame hash as it is read (`hashed`), with the few targeted and
   * excluded rows from draw_frame_members; a draw announced before the texts were kept reads its
   * member rows instead (frameLists, hashed by the caller).
   */
  private async frozenFrame(draw: DrawEntity): Promise<{
    lists: Map<string, string[]>; tenantIds: Map<string, Int32Array> | null; special: FrameRow[]; hashed: boolean;
  }> {
    const [parts, special] = await Promise.all([
      this.dataSource.query('SELECT body, tenantIds FROM draw_frame_texts WHERE drawId = ? ORDER BY part', [draw.id]) as Promise<{ body: string; tenantIds: string }[]>,
      this.specialRows(draw.id),
    ]);
    if (!parts.length) return { ...(await this.frameLists(draw.id)), tenantIds: null, special, hashed: false };
    const text = parts.map((p) => String(p.body)).join('');
    const parsed = createHash('sha256').update(text, 'utf8').digest('hex') === draw.frameHash ? parseFrameText(text) : undefined;
    const targeted = special.filter((r) => r.kind === 'T').map((r) => r.uscc);
    const listed = parsed?.lists.get('T') ?? [];
    if (!parsed || listed.length !== targeted.length || listed.some((u, i) => u !== targeted[i])) {
      throw new Error(`draw ${draw.id}: the stored frame no longer hashes to the announced ${draw.frameHash}`);
    }
    // The ids line by line, cut along the codes' lists (the text lists each code's lines together, in order).
    const ids = parseIdList(parts.map((p) => String(p.tenantIds)));
    const total = parsed.codes.reduce((n, code) => n + (parsed.lists.get(code) as string[]).length, 0);
    if (!ids || ids.length !== total) throw new Error(`draw ${draw.id}: the stored frame's tenant ids do not match its lines`);
    const tenantIds = new Map<string, Int32Array>();
    let at = 0;
    for (const code of parsed.codes) {
      const n = (parsed.lists.get(code) as string[]).length;
      tenantIds.set(code, ids.subarray(at, at + n));
      at += n;
    }
    return { lists: parsed.lists, tenantIds, special, hashed: true };
  }

  /** The targeted (T) and excluded (X) rows of a frame, by kind and USCC. */
  private async specialRows(drawId: number): Promise<FrameRow[]> {
    const rows = (await this.dataSource.query(
      "SELECT uscc, tenantId, kind, reason FROM draw_frame_members WHERE drawId = ? AND kind IN ('T', 'X') ORDER BY kind, uscc", [drawId],
    )) as FrameRow[];
    return rows.map((r) => ({ uscc: String(r.uscc), tenantId: Number(r.tenantId), kind: r.kind, reason: r.reason ?? null }));
  }

  /**
   * The frozen frame of a draw announced before its text was kept, lean: the strata's USCCs as one text
   * per stratum (GROUP_CONCAT, split here: no 200,000 row objects), in USCC order. Tenant ids are read
   * later for the tasks alone (frameTenants).
   */
  private async frameLists(drawId: number): Promise<{ lists: Map<string, string[]> }> {
    const runner = this.dataSource.createQueryRunner();
    let grouped: { kind: string; usccs: string | Buffer | null }[];
    try {
      if (this.dataSource.options.type === 'better-sqlite3') {
        grouped = await runner.query(
          `SELECT kind, group_concat(uscc, char(10) ORDER BY uscc) AS usccs FROM draw_frame_members WHERE drawId = ? AND kind IN ('A', 'B', 'C', 'D') GROUP BY kind ORDER BY kind`,
          [drawId],
        );
      } else {
        // A session's GROUP_CONCAT is cut at group_concat_max_len (1 MB by default): a text per stratum and USCC prefix, well below it and the packet size.
        await runner.query('SET SESSION group_concat_max_len = 16777216');
        grouped = await runner.query(
          `SELECT kind, GROUP_CONCAT(uscc ORDER BY uscc SEPARATOR '\n') AS usccs FROM draw_frame_members WHERE drawId = ? AND kind IN ('A', 'B', 'C', 'D')
           GROUP BY kind, LEFT(uscc, 4) ORDER BY kind, LEFT(uscc, 4)`,
          [drawId],
        );
      }
    } finally {
      await runner.release();
    }
    const lists = new Map<string, string[]>();
    for (const g of grouped) {
      if (g.usccs == null) continue;
      const part = String(g.usccs).split('\n');
      const list = lists.get(g.kind);
      if (list) for (const u of part) list.push(u);
      else lists.set(g.kind, part);
    }
    return { lists };
  }

  /** USCC → tenant id for these frame members (by primary key, in chunks under SQLite's parameter limit). */
  private async frameTenants(drawId: number, usccs: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const part of chunk(usccs, KEY_CHUNK)) {
      const rows = (await this.dataSource.query(
        `SELECT uscc, tenantId FROM draw_frame_members WHERE drawId = ? AND uscc IN (${part.map(() => '?').join(', ')})`, [drawId, ...part],
      )) as { uscc: string; tenantId: number }[];
      for (const r of rows) out.set(String(r.uscc), Number(r.tenantId));
    }
    return out;
  }

  /** Tenant id → USCC for these tenants, when they are in the frame (any kind). */
  private async frameUsccs(drawId: number, tenantIds: number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (const part of chunk(tenantIds, KEY_CHUNK)) {
      const rows = (await this.dataSource.query(
        `SELECT uscc, tenantId FROM draw_frame_members WHERE drawId = ? AND tenantId IN (${part.map(() => '?').join(', ')})`, [drawId, ...part],
      )) as { uscc: string; tenantId: number }[];
      for (const r of rows) out.set(Number(r.tenantId), String(r.uscc));
    }
    return out;
  }

  /** The bundle's frame: strata in A–D order (each ascending by USCC), targeted, excluded. */
  private bundleFrame(lists: Map<string, string[]>, special: FrameRow[], grades: SamplingGrade[], programme: ProgrammeDetail): DrawBundle['frame'] {
    const ratio = new Map(programme.grades.map((g) => [g.grade, g.ratioBp]));
    return {
      strata: grades.map((g) => ({ code: g, ratioBp: ratio.get(g) ?? 0, members: ascending(lists.get(g) ?? []) })),
      targeted: ascendingBy(special.filter((r) => r.kind === 'T').map((r) => ({ uscc: r.uscc, reason: r.reason ?? '' }))),
      excluded: ascendingBy(special.filter((r) => r.kind === 'X').map((r) => ({ uscc: r.uscc, reason: r.reason ?? '' }))),
    };
  }

  /**
   * Who visited whom in the programme's previous drawn draw: inspector id → USCCs, ascending (the caller
   * keeps those in this draw's frame: excluded this time, reason previous_draw).
   */
  private async previousAssignments(draw: DrawEntity): Promise<Map<number, string[]>> {
    const rows = (await this.dataSource.query(
      `SELECT ti.inspectorId AS inspectorId, t.uscc AS uscc FROM task_inspectors ti INNER JOIN inspection_tasks t ON t.id = ti.taskId
       WHERE t.drawId = (SELECT d.id FROM draws d WHERE d.programmeId = ? AND d.seq < ? AND d.status = 'drawn' ORDER BY d.seq DESC LIMIT 1)
       ORDER BY t.uscc`,
      [draw.programmeId, draw.seq],
    )) as { inspectorId: number; uscc: string }[];
    const out = new Map<number, string[]>();
    for (const r of rows) {
      const list = out.get(Number(r.inspectorId));
      if (list) list.push(String(r.uscc));
      else out.set(Number(r.inspectorId), [String(r.uscc)]);
    }
    return out;
  }

  /** One notice per inspector with tasks (in-app + e-mail), in the draw's transaction; the e-mails go after commit. */
  private async notifyInspectors(
    m: EntityManager, afterCommit: Parameters<NotificationsService['notify']>[1], draw: DrawEntity, programme: ProgrammeDetail, tasksOf: Map<number, number>, drawnAt: Date,
  ): Promise<void> {
    const notices: NoticeInput[] = [...tasksOf].map(([userId, count]) => ({
      userIds: [userId], template: 'sampling-draw-assigned', link: '/sampling/tasks/mine', subject: `draw:${draw.id}`,
      dedupeKey: `sampling-draw-assigned:${draw.id}`,
      params: { programme: programme.title, seq: draw.seq, count, drawnOn: this.i18n.formatDate(drawnAt), drawId: draw.id },
    }));
    await this.notifications.notify(m, afterCommit, notices);
  }

  /** The published bundle file of a drawn draw (404 before the draw): its stream, size and SHA-256. */
  async bundle(drawId: number): Promise<{ draw: DrawEntity; size: number; sha256: string; stream: () => Readable }> {
    const draw = await this.get(drawId);
    if (draw.status !== 'drawn' || !draw.bundleSha256) throw new NotFoundError();
    const file = join(this.config.filesDir, 'draws', `${draw.id}.json`);
    const info = await stat(file).catch(() => null);
    if (!info) throw new NotFoundError();
    return { draw, size: info.size, sha256: draw.bundleSha256, stream: () => createReadStream(file) };
  }

  /** The bundle parsed, for the pages and the exports (which show the selection as the bundle has it). */
  async bundleJson(drawId: number): Promise<DrawBundle> {
    const { stream } = await this.bundle(drawId);
    const parts: Buffer[] = [];
    for await (const part of stream()) parts.push(part as Buffer);
    return JSON.parse(Buffer.concat(parts).toString('utf8')) as DrawBundle;
  }
}

/** Code-point order (what the bundle's sorted lists use), independent of locale. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The list in code-point order: checked in one pass, sorted only when it is not (the database and the frame usually hand it over sorted). */
function ascending(list: string[]): string[] {
  for (let i = 1; i < list.length; i++) if (list[i - 1] > list[i]) return list.sort(cmp);
  return list;
}

function ascendingBy<T extends { uscc: string }>(list: T[]): T[] {
  for (let i = 1; i < list.length; i++) if (list[i - 1].uscc > list[i].uscc) return list.sort((a, b) => cmp(a.uscc, b.uscc));
  return list;
}

/** Hex SHA-256 of texts taken one after the other (UTF-8). */
function sha256Of(texts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const text of texts) hash.update(text, 'utf8');
  return hash.digest('hex');
}

/** The tenant ids of a frame text part's lines, comma-separated, in the same order. */
function partTenantIds(body: string, tenantOf: Map<string, number>): string {
  const ids: number[] = [];
  let from = 0;
  while (from < body.length) {
    const end = body.indexOf('\n', from);
    const uscc = body.slice(body.indexOf('\t', from) + 1, end);
    const id = tenantOf.get(uscc);
    if (id === undefined) throw new Error(`frame text line ${uscc} has no tenant`);
    ids.push(id);
    from = end + 1;
  }
  return ids.join(',');
}

/** The index of `uscc` in a list sorted in code-point order, or -1. */
function sortedIndex(list: readonly string[], uscc: string): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < uscc) lo = mid + 1;
    else if (list[mid] > uscc) hi = mid - 1;
    else return mid;
  }
  return -1;
}

const sortedHas = (list: readonly string[], uscc: string) => sortedIndex(list, uscc) >= 0;

/** USCC → tenant id for the selected members, each found by binary search in its stratum's sorted list. */
function tenantsOf(selected: readonly { uscc: string; stratum: string }[], lists: Map<string, string[]>, ids: Map<string, Int32Array>): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of selected) {
    const at = sortedIndex(lists.get(s.stratum) ?? [], s.uscc);
    const id = at < 0 ? undefined : ids.get(s.stratum)?.[at];
    if (id !== undefined) out.set(s.uscc, id);
  }
  return out;
}

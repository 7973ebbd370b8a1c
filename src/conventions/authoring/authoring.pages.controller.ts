import { Body, Controller, Get, Param, ParseIntPipe, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { MANAGERS, READERS, isManager } from '../../accounts/domain/access-policy.js';
import { ConflictError, ValidationFailedError } from '../../common/errors/domain-error.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { flash, handleForm } from '../../common/views/page-helpers.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { ConventionsService } from '../core/conventions.service.js';
import { CLAUSE_CATEGORIES, CONVENTION_KINDS, diffClauses } from '../domain/convention.rules.js';
import { formRows, parseClauseRows, problemsByRow, resubmittedRows, type ClauseRow } from '../domain/authoring.rules.js';
import { groupClauses } from '../domain/clause-groups.rules.js';
import { AuthoringService } from './authoring.service.js';
import type { CreateConventionInput } from '../domain/authoring.rules.js';

const VIEW_FORM = 'conventions/authoring-form';
/** The fields the error summary links to, in the form's order, with their labels. */
const META_FIELDS = [
  { name: 'kind', label: 'conventionsAuthoring.kind' }, { name: 'title', label: 'conventionsAuthoring.titleZh' },
  { name: 'titleEn', label: 'conventionsAuthoring.titleEn' }, { name: 'effectiveDate', label: 'conventionsAuthoring.effectiveDate' },
  { name: 'signingPeriodDays', label: 'conventionsAuthoring.signingPeriodDays' }, { name: 'clauses', label: 'conventionsAuthoring.clauses' },
];
const CLAUSE_FIELD_LABELS = [
  { field: 'number', label: 'conventionsAuthoring.clauseNumber' }, { field: 'category', label: 'conventionsAuthoring.category' },
  { field: 'customCategory', label: 'conventionsAuthoring.customCategory' }, { field: 'textZh', label: 'conventionsAuthoring.textZh' },
  { field: 'textEn', label: 'conventionsAuthoring.textEn' },
];

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The metadata and clauses a submitted editor form carries, as the service takes them. */
function draftFromForm(body: Record<string, unknown>, clauses: ClauseRow[]): CreateConventionInput {
  const period = str(body.signingPeriodDays).trim();
  return {
    kind: str(body.kind) as CreateConventionInput['kind'],
    title: str(body.title),
    titleEn: str(body.titleEn) || null,
    effectiveDate: str(body.effectiveDate).trim(),
    signingPeriodDays: (period === '' ? undefined : period) as unknown as number,
    clauses: clauses.map((c) => ({
      number: c.number, category: c.category as CreateConventionInput['clauses'][number]['category'],
      customCategory: c.customCategory || null, textZh: c.textZh, textEn: c.textEn || null,
    })),
  };
}

/** Runs a save and keys its clause errors by the form rows the user sees (blank and removed rows do not count in the draft). */
async function keyedByRow(rowOf: readonly number[], action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (err) {
    if (err instanceof ValidationFailedError) throw new ValidationFailedError(problemsByRow(err.fields, rowOf), err.messageKey, err.params);
    if (err instanceof ConflictError && err.fields) throw new ConflictError(err.messageKey, err.params, problemsByRow(err.fields, rowOf));
    throw err;
  }
}

/** Writing, reviewing and publishing conventions: park staff edit; regulators read. */
@ApiExcludeController()
@Controller('conventions')
export class AuthoringPagesController {
  constructor(
    private readonly authoring: AuthoringService,
    private readonly conventions: ConventionsService,
    private readonly i18n: I18nService,
  ) {}

  private formModel(extra: Record<string, unknown>) {
    return { categories: CLAUSE_CATEGORIES, kinds: CONVENTION_KINDS, metaFields: META_FIELDS, clauseFields: CLAUSE_FIELD_LABELS, ...extra };
  }

  @Get()
  @Roles(...READERS)
  @Render('conventions/authoring-list')
  async list(@CurrentPrincipal() principal: Principal) {
    const today = this.i18n.today();
    return { titleKey: 'conventionsAuthoring.title', conventions: await this.authoring.overview(today), today, canEdit: isManager(principal) };
  }

  @Get('new')
  @Roles(...MANAGERS)
  @Render(VIEW_FORM)
  newForm() {
    return this.formModel({
      titleKey: 'conventionsAuthoring.newTitle', action: '/conventions', isNew: true,
      values: { kind: 'management', effectiveDate: this.i18n.today(), signingPeriodDays: 30 }, rows: formRows([], 0),
    });
  }

  @Post()
  @Roles(...MANAGERS)
  async create(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const parsed = parseClauseRows(body);
    const model = this.formModel({
      titleKey: 'conventionsAuthoring.newTitle', action: '/conventions', isNew: true, values: body, rows: resubmittedRows(parsed),
    });
    if (str(body.addRows)) return res.status(200).render(VIEW_FORM, model);
    await handleForm(res, this.i18n, VIEW_FORM, model, () => keyedByRow(parsed.rowOf, async () => {
      const created = await this.authoring.createConvention(draftFromForm(body, parsed.clauses), actorOf(principal, req));
      flash(req, 'success', 'conventionsAuthoring.created');
      res.redirect(303, `/conventions/versions/${created.versionId}`);
    }));
  }

  @Get('versions/:id')
  @Roles(...READERS)
  @Render('conventions/authoring-version')
  async view(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response) {
    const v = await this.conventions.version(id);
    const previous = await this.authoring.previousVersion(v.version);
    return {
      titleKey: 'conventionsAuthoring.versionTitle', version: v.version, kind: v.kind, groups: groupClauses(v.clauses, res.locals.locale as string),
      clauseCount: v.clauses.length, previous, canEdit: isManager(principal),
      isDraft: v.version.status === 'draft', isPublished: v.version.status === 'published',
    };
  }

  @Get('versions/:id/edit')
  @Roles(...MANAGERS)
  async editForm(@Param('id', ParseIntPipe) id: number, @Res() res: Response): Promise<void> {
    const v = await this.conventions.version(id);
    if (v.version.status !== 'draft') throw new ConflictError('conventionsAuthoring.errors.notDraft', { versionNo: v.version.versionNo, status: v.version.status });
    res.render(VIEW_FORM, this.formModel({
      titleKey: 'conventionsAuthoring.editTitle', action: `/conventions/versions/${id}/edit`, version: v.version, kind: v.kind,
      values: v.version, rows: formRows(v.clauses.map((c) => ({ ...c, customCategory: c.customCategory ?? '', textEn: c.textEn ?? '' })), 0),
    }));
  }

  @Post('versions/:id/edit')
  @Roles(...MANAGERS)
  async update(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const v = await this.conventions.version(id);
    const parsed = parseClauseRows(body);
    const model = this.formModel({
      titleKey: 'conventionsAuthoring.editTitle', action: `/conventions/versions/${id}/edit`, version: v.version, kind: v.kind,
      values: body, rows: resubmittedRows(parsed),
    });
    if (v.version.status !== 'draft') throw new ConflictError('conventionsAuthoring.errors.notDraft', { versionNo: v.version.versionNo, status: v.version.status });
    if (str(body.addRows)) return res.status(200).render(VIEW_FORM, model);
    await handleForm(res, this.i18n, VIEW_FORM, model, () => keyedByRow(parsed.rowOf, async () => {
      await this.authoring.updateDraft(id, draftFromForm(body, parsed.clauses), actorOf(principal, req));
      flash(req, 'success', 'conventionsAuthoring.saved');
      res.redirect(303, `/conventions/versions/${id}`);
    }));
  }

  @Get('versions/:id/publish')
  @Roles(...MANAGERS)
  @Render('conventions/authoring-publish')
  async publishConfirm(@Param('id', ParseIntPipe) id: number) {
    const v = await this.conventions.version(id);
    if (v.version.status !== 'draft') throw new ConflictError('conventionsAuthoring.errors.notDraft', { versionNo: v.version.versionNo, status: v.version.status });
    const [preview, previous] = await Promise.all([this.authoring.publishPreview(id), this.authoring.previousVersion(v.version)]);
    return { titleKey: 'conventionsAuthoring.publishTitle', version: v.version, clauseCount: v.clauses.length, preview, previous };
  }

  @Post('versions/:id/publish')
  @Roles(...MANAGERS)
  async publish(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const outcome = await this.authoring.publish(id, actorOf(principal, req));
    flash(req, 'success', 'conventionsAuthoring.published', { count: outcome.obligations, deadline: outcome.deadline });
    res.redirect(303, `/conventions/versions/${id}`);
  }

  @Get('versions/:id/diff')
  @Roles(...READERS)
  @Render('conventions/authoring-diff')
  async diff(@Param('id', ParseIntPipe) id: number) {
    const v = await this.conventions.version(id);
    const previous = await this.authoring.previousVersion(v.version);
    const before = previous ? (await this.conventions.version(previous.id)).clauses : [];
    const changes = diffClauses(before, v.clauses).map((c) => ({
      ...c, isAdded: c.kind === 'added', isRemoved: c.kind === 'removed', isChanged: c.kind === 'changed',
    }));
    const summary = { added: 0, removed: 0, changed: 0, unchanged: 0 };
    for (const c of changes) summary[c.kind] += 1;
    return { titleKey: 'conventionsAuthoring.diffTitle', version: v.version, previous, changes, summary };
  }

  /** A new draft copied from the current published version; an existing draft is opened instead. */
  @Post(':conventionId/versions')
  @Roles(...MANAGERS)
  async newDraft(@Param('conventionId', ParseIntPipe) conventionId: number, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const draft = await this.authoring.newDraft(conventionId, actorOf(principal, req));
      flash(req, 'success', 'conventionsAuthoring.draftCreated', { versionNo: draft.versionNo });
      res.redirect(303, `/conventions/versions/${draft.id}/edit`);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      flash(req, 'error', err.messageKey, err.params);
      res.redirect(303, '/conventions');
    }
  }
}

import { Controller, Get, Param, ParseIntPipe, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { READERS } from '../../accounts/domain/access-policy.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { EffectivenessReport } from '../domain/effectiveness.rules.js';
import { EffectivenessService } from './effectiveness.service.js';
import { reportView } from './effectiveness.view.js';

/** The effectiveness pages of a draw and of a programme: tables, bars and the estimate in plain words. */
@ApiExcludeController()
@Controller('sampling')
export class EffectivenessPagesController {
  constructor(private readonly service: EffectivenessService, private readonly i18n: I18nService) {}

  /** The report's view model with the strata named in the reader's language where the notes list them. */
  private view(r: EffectivenessReport, locale: string) {
    const names = (codes: string[]) => codes.map((c) => this.i18n.t(locale, `samplingEffectiveness.strata.${c}`)).join(this.i18n.t(locale, 'samplingEffectiveness.listSeparator'));
    const v = reportView(r);
    return {
      ...v,
      notEnoughDataText: v.estimate.notEnoughData.length && v.hasResults ? names(v.estimate.notEnoughData) : null,
      uncoveredText: v.estimate.uncovered.length && v.hasResults ? names(v.estimate.uncovered) : null,
    };
  }

  @Get('draws/:id/effectiveness')
  @Roles(...READERS)
  @Render('sampling/effectiveness/effectiveness')
  async draw(@Param('id', ParseIntPipe) id: number, @Res({ passthrough: true }) res: Response) {
    const e = await this.service.draw(id);
    return {
      titleKey: 'samplingEffectiveness.title', draw: e.draw, programme: e.programme,
      drawn: e.draw.status === 'drawn', report: this.view(e.report, res.locals.locale as string),
    };
  }

  @Get('programmes/:id/effectiveness')
  @Roles(...READERS)
  @Render('sampling/effectiveness/effectiveness')
  async programme(@Param('id', ParseIntPipe) id: number, @Res({ passthrough: true }) res: Response) {
    const e = await this.service.programme(id);
    const locale = res.locals.locale as string;
    return {
      titleKey: 'samplingEffectiveness.title', programme: e.programme,
      draws: e.draws.map((d) => {
        const v = reportView(d.report);
        return { draw: d.draw, tasks: v.total.tasks, recorded: v.total.recorded, hits: v.total.hits, hitRate: v.total.hitRate, rate: v.estimate.rate, expected: v.uniform.expected, lift: v.uniform.lift };
      }),
      notDrawn: e.notDrawn, report: this.view(e.report, locale),
    };
  }
}

import { Controller, Get, Param, ParseIntPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { READERS } from '../../accounts/domain/access-policy.js';
import { EffectivenessService } from './effectiveness.service.js';
import { drawJson, programmeJson } from './effectiveness.view.js';

const REPORT_SHAPE = '{ strata: [{ stratum: A|B|C|D|T, population, tasks, recorded, unrecorded, clean, problems, notFound, hits, hitRate, inclusionProbability, '
  + 'estimatedViolators, variance, enoughData }], total, estimate: { population, estimatedViolators, rate, interval: { low, high } | null, uncovered, notEnoughData }, '
  + 'uniform: { sampleSize, actualHits, uniformExpectedHits, lift }, draws } — rates are fractions (0–1), null when nothing is recorded';

/** Effectiveness over JSON: per draw and per programme, for readers (staff, admins, regulators). */
@ApiTags('sampling')
@ApiBearerAuth()
@Controller('api/v1/sampling')
export class EffectivenessController {
  constructor(private readonly service: EffectivenessService) {}

  @Get('draws/:id/effectiveness')
  @Roles(...READERS)
  @ApiOkResponse({ description: `{ draw: { id, programmeId, seq, grades, status, drawAt, drawnAt }, programme: { id, year, title, status, revision }, report: ${REPORT_SHAPE} }` })
  @ApiNotFoundResponse({ description: 'no such draw' })
  @ApiForbiddenResponse({ description: 'not staff, an admin or a regulator' })
  async draw(@Param('id', ParseIntPipe) id: number) {
    const e = await this.service.draw(id);
    return { draw: drawJson(e.draw), programme: programmeJson(e.programme), report: e.report };
  }

  @Get('programmes/:id/effectiveness')
  @Roles(...READERS)
  @ApiOkResponse({ description: `{ programme, draws: [{ draw, report }], notDrawn: [draw], report: ${REPORT_SHAPE} } — the programme's drawn draws pooled` })
  @ApiNotFoundResponse({ description: 'no such programme' })
  @ApiForbiddenResponse({ description: 'not staff, an admin or a regulator' })
  async programme(@Param('id', ParseIntPipe) id: number) {
    const e = await this.service.programme(id);
    return {
      programme: programmeJson(e.programme),
      draws: e.draws.map((d) => ({ draw: drawJson(d.draw), report: d.report })),
      notDrawn: e.notDrawn.map(drawJson),
      report: e.report,
    };
  }
}

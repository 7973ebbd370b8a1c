import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth, ApiBody, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public, Roles } from '../../accounts/auth/auth.decorators.js';
import { MANAGERS, READERS, REGULATORS } from '../../accounts/domain/access-policy.js';
import { CurrentActor, type Actor } from '../../common/principal.js';
import { cachePublicJson } from '../../lists/public/public-cache.js';
import { DrawsQueries, type DrawDetail, type DrawListItem } from './draws.queries.js';
import { DrawsService } from './draws.service.js';
import { DrawListQueryDto, DrawTasksQueryDto, EntropyDto, PublicDrawListQueryDto } from './dto/draws.dto.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const itemJson = (d: DrawListItem) => ({
  ...d, announceAt: iso(d.announceAt), drawAt: iso(d.drawAt), committedAt: iso(d.committedAt), drawnAt: iso(d.drawnAt),
});

const detailJson = (d: DrawDetail) => ({
  ...itemJson(d), entropyAt: iso(d.entropyAt),
  programme: { ...d.programme, departments: d.programme.departments.map((x) => ({ code: x.code, nameZh: x.nameZh, nameEn: x.nameEn, inspectorsPerTask: x.inspectorsPerTask })) },
  bundleUrl: d.status === 'drawn' ? `/api/v1/draws/${d.id}/bundle` : null,
});

/** What the public sees of a draw: the announcement, and after the draw the seed, entropy and number selected. Never grades. */
const publicJson = (d: DrawListItem & { departments: { code: string; nameZh: string; nameEn: string }[] }, detail?: { frameHash: string | null; seedCommitment: string | null; seed: string | null; publicEntropy: string }) => ({
  id: d.id, programme: d.programmeTitle, year: d.year, seq: d.seq, departments: d.departments, status: d.status,
  announcedAt: iso(d.committedAt), drawAt: iso(d.drawAt), drawnAt: iso(d.drawnAt),
  ...(detail ? { frameHash: detail.frameHash, seedCommitment: detail.seedCommitment, seed: detail.seed, publicEntropy: d.status === 'drawn' ? detail.publicEntropy : null } : {}),
  selected: d.status === 'drawn' ? d.taskCount : null,
  bundleUrl: d.status === 'drawn' ? `/api/v1/draws/${d.id}/bundle` : null,
});

/**
 * Draws over JSON: readers list and read them; a regulator enters public entropy before the draw;
 * staff, admins and regulators run a due draw now (a drawn one answers its existing result). The
 * verification bundle is public.
 */
@ApiTags('sampling')
@ApiBearerAuth()
@Controller('api/v1/draws')
export class DrawsController {
  constructor(private readonly service: DrawsService, private readonly queries: DrawsQueries) {}

  @Get()
  @Roles(...READERS)
  @ApiOkResponse({ description: '{ items: [{ id, programmeId, programmeTitle, year, seq, grades, status, announceAt, drawAt, committedAt, drawnAt, memberCount, targetedCount, excludedCount, taskCount, flaggedCount }], total, page, pageSize }' })
  async list(@Query() query: DrawListQueryDto) {
    const page = await this.queries.list(query);
    return { ...page, items: page.items.map(itemJson) };
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'the draw with its frame counts per kind (A–D strata, T targeted, X excluded), frame hash, seed commitment, the seed once drawn, and the programme' })
  @ApiNotFoundResponse({ description: 'no such draw' })
  async get(@Param('id', ParseIntPipe) id: number) {
    return detailJson(await this.queries.detail(id));
  }

  @Get(':id/tasks')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'the draw\'s tasks in draw order with tenant, stratum, rank, flag and inspectors (code, name)' })
  async tasks(@Param('id', ParseIntPipe) id: number, @Query() query: DrawTasksQueryDto) {
    await this.queries.detail(id);
    return this.queries.tasks(id, query);
  }

  /** Public entropy: a regulator, while the draw is announced and before its time. */
  @Post(':id/entropy')
  @Roles(...REGULATORS)
  @HttpCode(200)
  @ApiBody({ type: EntropyDto })
  @ApiOkResponse({ description: 'the draw with its entropy' })
  @ApiConflictResponse({ description: 'not announced yet, or the draw time has come / the draw has run' })
  async entropy(@Param('id', ParseIntPipe) id: number, @Body() dto: EntropyDto, @CurrentActor() actor: Actor) {
    await this.service.setEntropy(id, dto.value, actor);
    return detailJson(await this.queries.detail(id));
  }

  /** Runs a due draw now (announcing it first if needed); a drawn draw returns its existing result. */
  @Post(':id/execute')
  @Roles(...MANAGERS, ...REGULATORS)
  @HttpCode(200)
  @ApiOkResponse({ description: 'the drawn draw (the same result for a second call: no duplicate tasks); `ranNow` says whether this call drew it' })
  @ApiConflictResponse({ description: 'not due yet, cancelled, or the programme is not approved' })
  async execute(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor) {
    const { ranNow } = await this.service.runNow(id, actor);
    return { ...detailJson(await this.queries.detail(id)), ranNow };
  }

  /** The verification bundle (DESIGN.md §5): public, once drawn. */
  @Get(':id/bundle')
  @Public()
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'the bundle file (format parktrust-draw/1), as an attachment; ETag is its SHA-256. Verify with `npm run cli -- sampling:verify bundle.json`' })
  @ApiNotFoundResponse({ description: 'no such draw, or not drawn yet' })
  async bundle(@Param('id', ParseIntPipe) id: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    const b = await this.service.bundle(id);
    const etag = `"${b.sha256}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'public, max-age=3600');
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    res.status(200);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', String(b.size));
    res.setHeader('Content-Disposition', `attachment; filename="draw-${b.draw.id}.json"`);
    b.stream().on('error', () => res.destroy()).pipe(res);
  }
}

/** The public draws for machines: announcements, and after each draw its seed and selection size. No token needed. */
@ApiTags('public')
@Controller('api/v1/public/draws')
export class PublicDrawsController {
  constructor(private readonly queries: DrawsQueries) {}

  @Get()
  @Public()
  @ApiOkResponse({ description: '{ items: [{ id, programme, year, seq, departments, status, announcedAt, drawAt, drawnAt, selected, bundleUrl }], total, page, pageSize }. Cacheable for 60 s.' })
  async list(@Query() query: PublicDrawListQueryDto, @Res({ passthrough: true }) res: Response) {
    const page = await this.queries.publicList(query);
    cachePublicJson(res);
    return { ...page, items: page.items.map((d) => publicJson(d)) };
  }

  @Get(':id')
  @Public()
  @ApiOkResponse({ description: 'an announced or drawn draw: frame hash, seed commitment, and after the draw the seed, entropy and selection size' })
  @ApiNotFoundResponse({ description: 'no such draw, or not announced' })
  async get(@Param('id', ParseIntPipe) id: number, @Res({ passthrough: true }) res: Response) {
    const d = await this.queries.detail(id, true);
    cachePublicJson(res);
    return publicJson({ ...d, departments: d.programme.departments.map((x) => ({ code: x.code, nameZh: x.nameZh, nameEn: x.nameEn })) }, d);
  }
}

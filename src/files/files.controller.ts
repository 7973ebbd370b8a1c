import { Controller, Get, Param, ParseIntPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../accounts/auth/auth.decorators.js';
import { EVERYONE } from '../accounts/domain/access-policy.js';
import { CurrentPrincipal, type Principal } from '../common/principal.js';
import { FilesService } from './files.service.js';

/** Downloads of attachments, for pages and the API alike; authorization is the owning record's. */
@ApiTags('files')
@ApiBearerAuth()
@Controller()
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Get(['files/:id', 'api/v1/files/:id'])
  // Anyone logged in reaches the route; the owning record's access decides, and a refusal is a 404.
  @Roles(...EVERYONE)
  @ApiOkResponse({ description: 'the file, as an attachment' })
  async download(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    const { attachment, stream } = await this.files.open(id, principal);
    res.setHeader('Content-Type', attachment.contentType);
    res.setHeader('Content-Length', String(attachment.size));
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }
}

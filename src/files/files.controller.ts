import { Controller, Get, Param, ParseIntPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../accounts/auth/auth.decorators.js';
import { EVERYONE } from '../accounts/domain/access-policy.js';
import { CurrentPrincipal, type Principal } from '../common/principal.js';
import { attachmentDisposition } from './domain/file-type.rules.js';
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
  @ApiOkResponse({ description: 'the file, always as an attachment, with its detected content type and a name with that type\'s extension' })
  async download(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    const { attachment, contentType, fileName, stream } = await this.files.open(id, principal);
    res.setHeader('Content-Type', contentType);
    res.setHeader('Content-Length', String(attachment.size));
    res.setHeader('Content-Disposition', attachmentDisposition(fileName));
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Opened in the browser anyway, it may run nothing and reach nothing.
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }
}

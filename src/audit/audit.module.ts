import { Global, Module } from '@nestjs/common';
import { AuditPagesController } from './audit.pages.controller.js';
import { AuditService } from './audit.service.js';

@Global()
@Module({ controllers: [AuditPagesController], providers: [AuditService], exports: [AuditService] })
export class AuditModule {}

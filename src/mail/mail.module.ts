import { Global, Module } from '@nestjs/common';
import { MailRenderer } from './mail-renderer.js';
import { MailTransport } from './mail-transport.js';

@Global()
@Module({ providers: [MailRenderer, MailTransport], exports: [MailRenderer, MailTransport] })
export class MailModule {}

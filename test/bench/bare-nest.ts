/**
 * The bench's yardstick: a minimal Nest application on the same express platform as ParkTrust, one
 * controller with one route answering "ok". `npm run bench` starts it as its own process (as it
 * starts the real server) and reports every scenario as a fraction of its requests per second.
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';

@Controller()
class BareController {
  @Get()
  ok(): string {
    return 'ok';
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

const app = await NestFactory.create<NestExpressApplication>(BareModule, { logger: false });
await app.listen(Number(process.env.PORT ?? 3998), '127.0.0.1');

import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module.js';
import { HomeController } from './home.controller.js';

@Module({ imports: [TenantsModule], controllers: [HomeController] })
export class HomeModule {}

import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module.js';
import { HomeController } from './home.controller.js';
import { HomeSections } from './home-sections.js';

@Module({ imports: [TenantsModule], controllers: [HomeController], providers: [HomeSections] })
export class HomeModule {}

import { Module } from '@nestjs/common';
import { EffectivenessController } from './effectiveness.controller.js';
import { EffectivenessPagesController } from './effectiveness.pages.controller.js';
import { EffectivenessService } from './effectiveness.service.js';

/** Effectiveness per draw and per programme: hit rates per stratum, the Horvitz–Thompson estimate, the uniform-sample comparison. */
@Module({
  controllers: [EffectivenessController, EffectivenessPagesController],
  providers: [EffectivenessService],
  exports: [EffectivenessService],
})
export class EffectivenessModule {}

import { Module } from '@nestjs/common';

/** Effectiveness per draw and per programme: hit rates per stratum, the Horvitz–Thompson estimate, the uniform-sample comparison. */
@Module({})
export class EffectivenessModule {}

import { Module } from '@nestjs/common';

/** Sampling programmes: drafting, calendar, comments, maker-checker approval with the plan's SHA-256, amendments, exports. */
@Module({})
export class ProgrammesModule {}

import { Module } from '@nestjs/common';

/** Conventions: signing (controllers, services and jobs of this part register here). */
@Module({})
export class ConventionsSigningModule {}

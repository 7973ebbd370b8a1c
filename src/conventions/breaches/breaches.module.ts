import { Module } from '@nestjs/common';

/** Conventions: breaches (controllers, services and jobs of this part register here). */
@Module({})
export class ConventionsBreachesModule {}

import { Module } from '@nestjs/common';

/** The inspection-item list (事项清单). */
@Module({})
export class InspectionItemsModule {}

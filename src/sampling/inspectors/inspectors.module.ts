import { Module } from '@nestjs/common';

/** The inspector pool: regulators flagged as inspectors by department, declared conflicts of interest and unavailability. */
@Module({})
export class InspectorsModule {}

import { Module } from '@nestjs/common';
import { TrainingsAttendanceModule } from './attendance/attendance.module.js';
import { TrainingsCheckinModule } from './checkin/checkin.module.js';
import { TrainingsCoreModule } from './core/trainings-core.module.js';
import { TrainingsRegistrationModule } from './registration/registration.module.js';
import { TrainingsSchedulingModule } from './scheduling/scheduling.module.js';
import { TrainingsAuditSubjects } from './trainings-audit.subjects.js';
import { AttendWhatIfSource } from './what-if/attend-what-if.source.js';

/**
 * Trainings, law lectures and policy briefings (the second pillar of the score): scheduling with
 * invitations, registration and excuses, check-in, attendance and its score facts (P07, P08, N03, D02), and the what-if option "attend".
 * Each sub-feature is a module imported here; contributions are declared where they live.
 */
@Module({
  imports: [
    TrainingsCoreModule,
    TrainingsAttendanceModule,
    TrainingsRegistrationModule,
    TrainingsCheckinModule,
    // Last: its /trainings/:id pages would otherwise answer the sub-features' /trainings/<word> pages.
    TrainingsSchedulingModule,
  ],
  providers: [TrainingsAuditSubjects, AttendWhatIfSource],
  exports: [TrainingsCoreModule],
})
export class TrainingsModule {}

import { TrainingAttendanceEntity } from './entities/training-attendance.entity.js';
import { TrainingExcuseEntity } from './entities/training-excuse.entity.js';
import { TrainingInvitationEntity } from './entities/training-invitation.entity.js';
import { TrainingRegistrationEntity } from './entities/training-registration.entity.js';
import { TrainingSeriesEntity } from './entities/training-series.entity.js';
import { TrainingSessionEntity } from './entities/training-session.entity.js';

/** The tables the trainings context owns. */
export const TRAININGS_ENTITIES = [
  TrainingSeriesEntity, TrainingSessionEntity, TrainingInvitationEntity, TrainingRegistrationEntity, TrainingExcuseEntity, TrainingAttendanceEntity,
];

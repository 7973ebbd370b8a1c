import { ACCOUNTS_ENTITIES } from './accounts/accounts.entities.js';
import { AUDIT_ENTITIES } from './audit/audit.entities.js';
import { CALENDAR_ENTITIES } from './calendar/calendar.entities.js';
import { CONVENTIONS_ENTITIES } from './conventions/conventions.entities.js';
import { EVALUATIONS_ENTITIES } from './evaluations/evaluations.entities.js';
import { FILES_ENTITIES } from './files/files.entities.js';
import { FINDINGS_ENTITIES } from './findings/findings.entities.js';
import { LISTS_ENTITIES } from './lists/lists.entities.js';
import { SAMPLING_ENTITIES } from './sampling/sampling.entities.js';
import { NOTIFICATIONS_ENTITIES } from './notifications/notifications.entities.js';
import { SCORING_ENTITIES } from './scoring/scoring.entities.js';
import { TENANTS_ENTITIES } from './tenants/tenants.entities.js';
import { TRAININGS_ENTITIES } from './trainings/trainings.entities.js';

/** Every context's tables: the composition root's list, beside app.module.ts; a new context adds its list here. */
export const APP_ENTITIES = [
  ...ACCOUNTS_ENTITIES,
  ...TENANTS_ENTITIES,
  ...AUDIT_ENTITIES,
  ...NOTIFICATIONS_ENTITIES,
  ...FILES_ENTITIES,
  ...CONVENTIONS_ENTITIES,
  ...TRAININGS_ENTITIES,
  ...FINDINGS_ENTITIES,
  ...EVALUATIONS_ENTITIES,
  ...SCORING_ENTITIES,
  ...CALENDAR_ENTITIES,
  ...LISTS_ENTITIES,
  ...SAMPLING_ENTITIES,
];

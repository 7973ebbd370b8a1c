import { calendarMessages } from './calendar.messages.js';
import { creditCatalogueMessages } from './credit-catalogue.messages.js';
import { incentivesMessages } from './incentives.messages.js';
import { jointChecksMessages } from './joint-checks.messages.js';
import { listsEntriesMessages } from './lists-entries.messages.js';
import { listsRepairMessages } from './lists-repair.messages.js';
import { publicPagesMessages } from './public-disclosure.messages.js';
import { samplingPoolMessages } from './sampling-pool.messages.js';
import { samplingProgrammesMessages } from './sampling-programmes.messages.js';
import { samplingReviewMessages } from './sampling-review.messages.js';
import { samplingDrawsMessages } from './sampling-draws.messages.js';
import { samplingInspectionsMessages } from './sampling-inspections.messages.js';
import { samplingEffectivenessMessages } from './sampling-effectiveness.messages.js';
import { accountsMessages } from './accounts.messages.js';
import { auditMessages } from './audit.messages.js';
import { commonMessages } from './common.messages.js';
import { conventionsAuthoringMessages } from './conventions-authoring.messages.js';
import { conventionsBreachesMessages } from './conventions-breaches.messages.js';
import { conventionsSigningMessages } from './conventions-signing.messages.js';
import { emailsMessages } from './emails.messages.js';
import { errorsMessages } from './errors.messages.js';
import { evaluationsMessages } from './evaluations.messages.js';
import { findingsMessages } from './findings.messages.js';
import { findingsImportMessages } from './findings-import.messages.js';
import { findingsRectificationMessages } from './findings-rectification.messages.js';
import { notificationsMessages } from './notifications.messages.js';
import { scoringCycleMessages } from './scoring-cycle.messages.js';
import { scoringOverviewMessages } from './scoring-overview.messages.js';
import { scoringRulebookMessages } from './scoring-rulebook.messages.js';
import { scoringScoreMessages } from './scoring-score.messages.js';
import { scoringSelfReportsMessages } from './scoring-self-reports.messages.js';
import { tenantsMessages } from './tenants.messages.js';
import { tenantImportMessages } from './tenant-import.messages.js';
import { trainingsMessages } from './trainings.messages.js';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** One catalogue part per area; each gives the same keys in every locale (a unit test checks). */
export type CatalogPart = Record<Locale, Record<string, unknown>>;

const PARTS: CatalogPart[] = [commonMessages, emailsMessages, errorsMessages, accountsMessages, tenantsMessages, auditMessages, tenantImportMessages, notificationsMessages,
  findingsRectificationMessages,
  conventionsAuthoringMessages, conventionsSigningMessages, conventionsBreachesMessages, trainingsMessages, findingsMessages, evaluationsMessages, findingsImportMessages,
  scoringRulebookMessages, scoringSelfReportsMessages, scoringScoreMessages, scoringCycleMessages, scoringOverviewMessages,
  calendarMessages, listsEntriesMessages, listsRepairMessages, jointChecksMessages, incentivesMessages, creditCatalogueMessages, publicPagesMessages,
  samplingPoolMessages, samplingProgrammesMessages, samplingReviewMessages, samplingDrawsMessages, samplingInspectionsMessages, samplingEffectivenessMessages];

export const catalogues: Record<Locale, object> = {
  'zh-CN': Object.assign({}, ...PARTS.map((p) => p['zh-CN'])),
  en: Object.assign({}, ...PARTS.map((p) => p.en)),
};

import type { MigrationInterface } from 'typeorm';
import { TenantClassification1796300000000 } from './1796300000000-TenantClassification.js';
import { Initial1795824305751 } from './1795824305751-Initial.js';
import { SeedReferenceData1795824305752 } from './1795824305752-SeedReferenceData.js';
import { NotificationsOutbox1795826060427 } from './1795826060427-NotificationsOutbox.js';
import { ConventionsAttachments1795827019350 } from './1795827019350-ConventionsAttachments.js';
import { ObligationOverdueNotice1795900000000 } from './1795900000000-ObligationOverdueNotice.js';
import { LoginThrottles1795954707728 } from './1795954707728-LoginThrottles.js';
import { SessionDetails1795955354315 } from './1795955354315-SessionDetails.js';
import { AuditTypeActionIndex1795955793263 } from './1795955793263-AuditTypeActionIndex.js';
import { BreachLifecycle1796200000000 } from './1796200000000-BreachLifecycle.js';
import { ObligationStatus1796100000000 } from './1796100000000-ObligationStatus.js';
import { NotificationSubject1796100000001 } from './1796100000001-NotificationSubject.js';
import { TenantPreviousStatus1796100000002 } from './1796100000002-TenantPreviousStatus.js';
import { PasswordResetTokens1796400000000 } from './1796400000000-PasswordResetTokens.js';
import { TrainingsCore1796500000000 } from './1796500000000-TrainingsCore.js';
import { OutboxAttachments1796500000001 } from './1796500000001-OutboxAttachments.js';
import { TrainingsAttendanceIndex1796520000000 } from './1796520000000-TrainingsAttendanceIndex.js';
import { FindingsCore1796600000000 } from './1796600000000-FindingsCore.js';
import { EvaluationsCore1796610000000 } from './1796610000000-EvaluationsCore.js';
import { FindingOverdueNotice1796622500000 } from './1796622500000-FindingOverdueNotice.js';
import { FindingsFactsIndex1796625000000 } from './1796625000000-FindingsFactsIndex.js';
import { ScoringCore1796700000000 } from './1796700000000-ScoringCore.js';
import { ListsCore1796800000000 } from './1796800000000-ListsCore.js';
import { SamplingCore1796900000000 } from './1796900000000-SamplingCore.js';
import { DrawFrameTexts1797000000000 } from './1797000000000-DrawFrameTexts.js';
import { TenantsUpdatedAtIndex1797100000000 } from './1797100000000-TenantsUpdatedAtIndex.js';

/** The sqlite migrations in the order they apply; `npm run cli -- migration:generate <Name>` appends here. */
export const sqliteMigrations: (new () => MigrationInterface)[] = [
  Initial1795824305751,
  SeedReferenceData1795824305752,
  NotificationsOutbox1795826060427,
  ConventionsAttachments1795827019350,
  ObligationOverdueNotice1795900000000,
  LoginThrottles1795954707728,
  SessionDetails1795955354315,
  AuditTypeActionIndex1795955793263,
  ObligationStatus1796100000000,
  NotificationSubject1796100000001,
  TenantPreviousStatus1796100000002,
  BreachLifecycle1796200000000,
  TenantClassification1796300000000,
  PasswordResetTokens1796400000000,
  TrainingsCore1796500000000,
  OutboxAttachments1796500000001,
  TrainingsAttendanceIndex1796520000000,
  FindingsCore1796600000000,
  EvaluationsCore1796610000000,
  FindingOverdueNotice1796622500000,
  FindingsFactsIndex1796625000000,
  ScoringCore1796700000000,
  ListsCore1796800000000,
  SamplingCore1796900000000,
  DrawFrameTexts1797000000000,
  TenantsUpdatedAtIndex1797100000000,
];

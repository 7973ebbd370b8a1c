import { ApiTokenEntity } from '../accounts/entities/api-token.entity.js';
import { DepartmentEntity } from '../accounts/entities/department.entity.js';
import { SessionEntity } from '../accounts/entities/session.entity.js';
import { UserEntity } from '../accounts/entities/user.entity.js';
import { AuditEntryEntity } from '../audit/entities/audit-entry.entity.js';
import { AuditHeadEntity } from '../audit/entities/audit-head.entity.js';
import { BreachResponseEntity } from '../conventions/entities/breach-response.entity.js';
import { BreachEntity } from '../conventions/entities/breach.entity.js';
import { ConventionClauseEntity } from '../conventions/entities/convention-clause.entity.js';
import { ConventionVersionEntity } from '../conventions/entities/convention-version.entity.js';
import { ConventionEntity } from '../conventions/entities/convention.entity.js';
import { SignatureEntity } from '../conventions/entities/signature.entity.js';
import { SigningObligationEntity } from '../conventions/entities/signing-obligation.entity.js';
import { AttachmentEntity } from '../files/entities/attachment.entity.js';
import { NotificationEntity } from '../notifications/entities/notification.entity.js';
import { OutboxMessageEntity } from '../notifications/entities/outbox-message.entity.js';
import { TenantEntity } from '../tenants/entities/tenant.entity.js';

/** Every entity, listed once; new bounded contexts add theirs here. */
export const ENTITIES = [
  DepartmentEntity,
  UserEntity,
  ApiTokenEntity,
  SessionEntity,
  TenantEntity,
  AuditEntryEntity,
  AuditHeadEntity,
  NotificationEntity,
  OutboxMessageEntity,
  AttachmentEntity,
  ConventionEntity,
  ConventionVersionEntity,
  ConventionClauseEntity,
  SigningObligationEntity,
  SignatureEntity,
  BreachEntity,
  BreachResponseEntity,
];

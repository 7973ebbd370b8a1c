import { AuditEntryEntity } from './entities/audit-entry.entity.js';
import { AuditHeadEntity } from './entities/audit-head.entity.js';

/** The tables the audit context owns. */
export const AUDIT_ENTITIES = [AuditEntryEntity, AuditHeadEntity];

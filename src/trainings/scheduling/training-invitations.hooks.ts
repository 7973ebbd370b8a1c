import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { datetimeParam } from '../../database/raw-sql.js';
import { OnTenantsJoined, OnTenantStatusChanged, type StatusConsequence, type TenantStatusChange } from '../../tenants/tenant-hooks.js';
import { selectorOf } from '../domain/audience.rules.js';
import { TrainingInvitationEntity } from '../entities/training-invitation.entity.js';
import { SchedulingService } from './scheduling.service.js';

/**
 * Upcoming sessions' required tenants follow the registry: a tenant that joins (registered,
 * imported, reactivated) is invited to the upcoming sessions whose audience names it; a tenant that
 * moves out leaves them. Sessions already started keep their invitations: they are the record.
 */
@Injectable()
export class TrainingInvitationsHooks {
  constructor(private readonly scheduling: SchedulingService) {}

  @OnTenantsJoined('trainings: invite to the upcoming sessions whose audience names them')
  async joined(m: EntityManager, tenantIds: readonly number[], now: Date): Promise<void> {
    const table = m.connection.getMetadata(TrainingInvitationEntity).tableName;
    for (const session of await this.scheduling.upcomingIds(m, now)) {
      for (let i = 0; i < tenantIds.length; i += 500) {
        const audience = this.scheduling.audienceSql(selectorOf(session.audience, session.audienceFilter), tenantIds.slice(i, i + 500));
        if (!audience) break;
        await m.query(
          `INSERT INTO ${table} (sessionId, tenantId, createdAt) SELECT ?, a.id, ? FROM (${audience.sql}) a WHERE a.id NOT IN (SELECT x.tenantId FROM ${table} x WHERE x.sessionId = ?)`,
          [session.id, datetimeParam(now), ...audience.params, session.id],
        );
      }
    }
  }

  @OnTenantStatusChanged('trainings: moved-out tenants leave the upcoming sessions they were required at')
  async statusChanged(m: EntityManager, change: TenantStatusChange): Promise<StatusConsequence[]> {
    if (change.status !== 'moved_out') return [];
    const rows = await this.scheduling.upcomingInvitations(m, change.tenantIds, change.now);
    if (!rows.length) return [];
    if (change.apply) {
      for (const sessionId of new Set(rows.map((r) => r.sessionId))) {
        const tenants = rows.filter((r) => r.sessionId === sessionId).map((r) => r.tenantId);
        for (let i = 0; i < tenants.length; i += 500) await m.getRepository(TrainingInvitationEntity).delete({ sessionId, tenantId: In(tenants.slice(i, i + 500)) });
      }
    }
    return [{ key: 'trainings.consequences.invitationsRemoved', params: { count: rows.length, sessions: new Set(rows.map((r) => r.sessionId)).size } }];
  }
}

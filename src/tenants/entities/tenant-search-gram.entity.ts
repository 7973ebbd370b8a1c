import { Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The infix search index of tenants: one row per distinct character pair of a tenant's name, USCC and
 * legal representative (see domain/tenant-search.rules.ts), rewritten on every write of those fields.
 * The primary key (gram, tenantId) is the lookup; the tenantId index serves the rewrite.
 */
@Entity('tenant_search_grams')
@Index('IDX_tenant_search_grams_tenant', ['tenantId'])
export class TenantSearchGramEntity {
  @PrimaryColumn({ type: 'bigint' })
  gram: number;

  @PrimaryColumn({ type: 'int' })
  tenantId: number;
}

import { TenantEntity } from './entities/tenant.entity.js';

/** The tables the tenants context owns. */
export const TENANTS_ENTITIES = [TenantEntity];

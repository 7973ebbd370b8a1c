import { BuildingEntity } from './entities/building.entity.js';
import { TenantSearchGramEntity } from './entities/tenant-search-gram.entity.js';
import { TenantEntity } from './entities/tenant.entity.js';

/** The tables the tenants context owns. */
export const TENANTS_ENTITIES = [TenantEntity, BuildingEntity, TenantSearchGramEntity];

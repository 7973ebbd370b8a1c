/** Who must attend: every active tenant, some industries, buildings or listed tenants; nobody when optional. */
export const AUDIENCES = ['all', 'industries', 'buildings', 'tenants', 'optional'] as const;
export type Audience = (typeof AUDIENCES)[number];

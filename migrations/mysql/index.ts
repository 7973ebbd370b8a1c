import type { MigrationInterface } from 'typeorm';
import { Initial1795824305751 } from './1795824305751-Initial.js';
import { SeedReferenceData1795824305752 } from './1795824305752-SeedReferenceData.js';

/** The mysql migrations in the order they apply; `npm run cli -- migration:generate <Name>` appends here. */
export const mysqlMigrations: (new () => MigrationInterface)[] = [
  Initial1795824305751,
  SeedReferenceData1795824305752,
];

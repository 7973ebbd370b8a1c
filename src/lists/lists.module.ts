import { Module } from '@nestjs/common';
import { CreditCatalogueModule } from './catalogue/catalogue.module.js';
import { ListsCoreModule } from './core/lists-core.module.js';
import { ListsEntriesModule } from './entries/entries.module.js';
import { IncentivesModule } from './incentives/incentives.module.js';
import { JointChecksModule } from './joint-checks/joint-checks.module.js';
import { PublicDisclosureModule } from './public/public.module.js';
import { ListsRepairModule } from './repair/repair.module.js';

/**
 * What the score and the findings lead to: the red, black and watch lists (a score-fact source: P12,
 * N09), credit repair, joint checks by other systems (逢办必查) with the changes feed, the 信易+
 * catalogue of incentives and restrictions, the credit information catalogue and the public
 * disclosure pages. Contributions (hub panels, home sections, facts, audit names) are declared where they live.
 */
@Module({
  imports: [ListsCoreModule, ListsRepairModule, JointChecksModule, IncentivesModule, CreditCatalogueModule, PublicDisclosureModule, ListsEntriesModule],
  exports: [ListsCoreModule],
})
export class ListsModule {}

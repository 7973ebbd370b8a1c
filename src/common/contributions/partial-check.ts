import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { VIEWS_DIR } from '../project-root.js';

/**
 * The boot check of a contribution kind that renders a partial (hub panels, home sections): each
 * contribution's `views/partials/<partial>.hbs` must exist, or the boot stops naming the method.
 */
export function partialsExist(kindName: string) {
  return (found: readonly { meta: { partial: string }; where: string }[]): string[] => found
    .filter((c) => !existsSync(join(VIEWS_DIR, 'partials', `${c.meta.partial}.hbs`)))
    .map((c) => `${kindName} on ${c.where}: views/partials/${c.meta.partial}.hbs does not exist`);
}

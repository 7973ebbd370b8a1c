import { Injectable } from '@nestjs/common';
import { isRegulator } from '../../accounts/domain/access-policy.js';
import type { Principal } from '../../common/principal.js';
import { HomeSection } from '../../home/home-sections.js';
import { ProgrammesQueries } from './programmes.queries.js';

const SHOWN = 5;

/** Regulators' home: sampling programmes awaiting their approval (drafts of someone else), oldest first. */
@Injectable()
export class ProgrammesHomeSection {
  constructor(private readonly queries: ProgrammesQueries) {}

  @HomeSection({ partial: 'home-sampling-programmes', order: 47 })
  async section(principal: Principal): Promise<Record<string, unknown> | null> {
    if (!isRegulator(principal)) return null;
    const { count, items } = await this.queries.awaitingApproval(principal.userId, SHOWN);
    if (!count) return null;
    return { count, items, more: count > items.length };
  }
}

import { Injectable } from '@nestjs/common';
import { DEFAULT_RULEBOOK, type Rulebook } from '../domain/rulebook.js';

/**
 * The rulebook in force on a date. Until admins can edit and version it (scoring issue), the
 * shipped default is in force on every date.
 */
@Injectable()
export class RulebookService {
  async inForce(_asOf: string): Promise<Rulebook> {
    return DEFAULT_RULEBOOK;
  }
}

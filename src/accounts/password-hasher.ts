import { Injectable } from '@nestjs/common';
import { hash, verify, type Options } from '@node-rs/argon2';
import { AppConfig } from '../config/app-config.js';

/** argon2id's least cost (8 KiB, one pass), for test suites only: the configuration refuses it outside NODE_ENV=test. */
const MINIMAL_COST: Options = { memoryCost: 8, timeCost: 1, parallelism: 1 };

/**
 * argon2id with the library's defaults (19 MiB, 2 passes): memory-hard, about 30 ms on this class of machine.
 * A hash records its own cost, so verifying works whatever cost wrote it.
 */
@Injectable()
export class PasswordHasher {
  private readonly options?: Options;

  constructor(config: AppConfig) {
    this.options = config.PASSWORD_HASH_COST === 'minimal' ? MINIMAL_COST : undefined;
  }

  hash(password: string): Promise<string> {
    return hash(password, this.options);
  }

  private dummy?: Promise<string>;

  /** Verifies against a throw-away hash, so an unknown account takes as long as a wrong password. */
  async burn(password: string): Promise<void> {
    this.dummy ??= this.hash('parktrust-dummy-password');
    await this.verify(await this.dummy, password);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }
}

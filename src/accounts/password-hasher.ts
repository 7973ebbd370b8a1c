import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (19 MiB, 2 passes): memory-hard, about 30 ms on this class of machine. */
@Injectable()
export class PasswordHasher {
  hash(password: string): Promise<string> {
    return hash(password);
  }

  private dummy?: Promise<string>;

  /** Verifies against a throw-away hash, so an unknown account takes as long as a wrong password. */
  async burn(password: string): Promise<void> {
    this.dummy ??= hash('parktrust-dummy-password');
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

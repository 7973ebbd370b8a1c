import { loadConfig } from '../config/app-config.js';
import { PasswordHasher } from './password-hasher.js';

const hasher = (env: Record<string, string>) => new PasswordHasher(loadConfig(env));

describe('PasswordHasher', () => {
  const standard = hasher({});
  const minimal = hasher({ NODE_ENV: 'test', PASSWORD_HASH_COST: 'minimal' });

  it.each([
    ['standard', standard, '$argon2id$v=19$m=19456,t=2,p=1$'],
    ['minimal', minimal, '$argon2id$v=19$m=8,t=1,p=1$'],
  ])('hashes with argon2id at the %s cost, with a fresh salt each time', async (_cost, sut, prefix) => {
    const a = await sut.hash('Correct-Horse-9');
    const b = await sut.hash('Correct-Horse-9');
    expect(a.startsWith(prefix)).toBe(true);
    expect(a).not.toBe(b);
  });

  it('verifies a hash whatever cost wrote it, and only with the right password', async () => {
    for (const [writer, reader] of [[standard, minimal], [minimal, standard]]) {
      const stored = await writer.hash('Correct-Horse-9');
      expect(await reader.verify(stored, 'Correct-Horse-9')).toBe(true);
      expect(await reader.verify(stored, 'correct-horse-9')).toBe(false);
    }
  });

  it('answers false, not an error, for a stored value that is not a hash', async () => {
    expect(await standard.verify('not-a-hash', 'Correct-Horse-9')).toBe(false);
  });
});

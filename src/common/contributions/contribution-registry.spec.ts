import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { defineContribution } from './contribution.js';
import { ContributionsModule } from './contributions.module.js';
import { ContributionRegistry } from './contribution-registry.js';

type Greeter = (name: string) => Promise<string>;
const GREETERS = defineContribution<{ lang: string; order: number }, Greeter>({
  name: 'greeter',
  key: (m) => m.lang,
  compare: (a, b) => a.order - b.order,
  check: (found) => (found.some((c) => c.meta.lang === 'zh') ? [] : ['a greeter for zh is required']),
});
const Greets = GREETERS.decorator;

@Injectable()
class English {
  readonly prefix = 'Hello';

  @Greets({ lang: 'en', order: 2 })
  async greet(name: string): Promise<string> {
    return `${this.prefix}, ${name}`;
  }
}

@Injectable()
class Chinese {
  @Greets({ lang: 'zh', order: 1 })
  async greet(name: string): Promise<string> {
    return `你好，${name}`;
  }
}

@Injectable()
class AnotherEnglish {
  @Greets({ lang: 'en', order: 3 })
  async hi(name: string): Promise<string> {
    return `Hi ${name}`;
  }
}

async function boot(...providers: (new () => object)[]): Promise<ContributionRegistry> {
  @Module({ imports: [ContributionsModule], providers })
  class Probe {}
  const moduleRef = await Test.createTestingModule({ imports: [Probe] }).compile();
  await moduleRef.init();
  return moduleRef.get(ContributionRegistry);
}

describe('ContributionRegistry', () => {
  it('finds every contribution at boot, bound to its provider, in the kind’s order', async () => {
    const registry = await boot(English, Chinese);
    const found = registry.of(GREETERS);
    expect(found.map((c) => [c.meta.lang, c.where])).toEqual([['zh', 'Chinese.greet'], ['en', 'English.greet']]);
    expect(await found[1].fn('Li')).toBe('Hello, Li');
  });

  it('stops the boot on a duplicate key, naming both methods', async () => {
    await expect(boot(English, Chinese, AnotherEnglish)).rejects.toThrow("greeter 'en' is contributed twice: English.greet and AnotherEnglish.hi");
  });

  it('stops the boot on what the kind’s check reports (a missing contribution)', async () => {
    await expect(boot(English)).rejects.toThrow('a greeter for zh is required');
  });
});

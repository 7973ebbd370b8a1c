/*
 * A fresh `npm install` on the Node versions package.json promises must not warn EBADENGINE: every
 * locked package that declares the Node versions it runs on must accept the lowest of ours on each
 * supported long-term-support line (issue 9: file-type 22 and ical-generator 11 each brought that warning back once).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { PROJECT_ROOT } from './project-root.js';

const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>;
};

/** The lowest version of each long-term-support (even) Node line our engines range accepts (20.19.0, 22.12.0 …), found by trying them in order. */
function lowestPerLine(range: string): string[] {
  const lows: string[] = [];
  for (let major = 18; major <= 26; major += 2) {
    search: for (let minor = 0; minor <= 40; minor++) {
      for (let patch = 0; patch <= 20; patch++) {
        const v = `${major}.${minor}.${patch}`;
        if (semver.satisfies(v, range)) {
          lows.push(v);
          break search;
        }
      }
    }
  }
  return lows;
}

describe('package engines', () => {
  const ours = manifest.engines.node;
  const lows = lowestPerLine(ours);

  it('our range names the Node lines we support', () => {
    expect(lows.length).toBeGreaterThan(0);
    expect(lows.some((v) => semver.major(v) === 20)).toBe(true);
  });

  it('every locked package accepts the lowest Node of each supported line', () => {
    const refused: string[] = [];
    for (const [path, pkg] of Object.entries(lock.packages)) {
      if (!path || pkg.optional || !pkg.engines || Array.isArray(pkg.engines) || !pkg.engines.node) continue;
      for (const v of lows) if (!semver.satisfies(v, pkg.engines.node)) refused.push(`${path.replace(/^node_modules\//, '')} wants node ${pkg.engines.node}, not ${v}`);
    }
    expect(refused).toEqual([]);
  });
});

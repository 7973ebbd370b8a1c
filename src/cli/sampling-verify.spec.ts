import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../common/project-root.js';
import { verifyBundleFile } from './sampling-verify.js';

const FIXTURE = join(PROJECT_ROOT, 'test', 'fixtures', 'draw-vectors', 'small-bundle.json');

describe('sampling:verify <bundle.json>', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'parktrust-verify-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints OK with what it recomputed for an intact bundle (exit 0)', async () => {
    const path = join(dir, 'intact.json');
    copyFileSync(FIXTURE, path);
    expect(await verifyBundleFile(path)).toEqual({
      exitCode: 0,
      lines: ['OK: draw 1 — frame hash, commitment, selection (6) and assignment (8 tasks) recomputed'],
    });
  });

  it('prints each mismatch of a tampered bundle (exit 1)', async () => {
    const bundle = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { assignments: { uscc: string; inspectors: string[] }[]; frame: { strata: { members: string[] }[] } };
    bundle.assignments[0].inspectors.reverse();
    bundle.frame.strata[0].members.push('91440300MA5000099X');
    const path = join(dir, 'tampered.json');
    writeFileSync(path, JSON.stringify(bundle));
    const outcome = await verifyBundleFile(path);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.lines[0]).toMatch(/^FAILED: \d+ problem\(s\) in /);
    expect(outcome.lines).toContain(`  assignment of ${bundle.assignments[0].uscc}: expected [SAMR-01,EMB-01] got [EMB-01,SAMR-01]`);
    expect(outcome.lines.some((l) => l.startsWith('  frameHash: expected '))).toBe(true);
  });

  it.each([
    ['bad JSON', '{"format": "parktrust-draw/1",', /is not valid JSON: /],
    ['an empty file', '', /is not valid JSON: /],
  ])('refuses %s with a clear message (exit 2)', async (_what, text, message) => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, text);
    const outcome = await verifyBundleFile(path);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.lines).toHaveLength(1);
    expect(outcome.lines[0]).toMatch(message);
  });

  it('refuses a missing file and a folder (exit 2)', async () => {
    expect(await verifyBundleFile(join(dir, 'nowhere.json'))).toEqual({ exitCode: 2, lines: [`cannot read ${join(dir, 'nowhere.json')}: no such file`] });
    expect((await verifyBundleFile(dir)).exitCode).toBe(2);
  });

  it('does not read a file over the size limit (exit 2)', async () => {
    const path = join(dir, 'big.json');
    writeFileSync(path, 'x'.repeat(3 * 1024 * 1024));
    const outcome = await verifyBundleFile(path, 2 * 1024 * 1024);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.lines[0]).toMatch(/is 3 MB, over the 2 MB a draw bundle can be; not read$/);
  });

  it('reports a JSON value that is no bundle as a mismatch list (exit 1)', async () => {
    const path = join(dir, 'array.json');
    writeFileSync(path, '[1, 2]');
    expect(await verifyBundleFile(path)).toEqual({ exitCode: 1, lines: [`FAILED: 1 problem(s) in ${path}`, '  bundle: expected a JSON object'] });
  });
});

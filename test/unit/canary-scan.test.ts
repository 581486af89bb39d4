// The canary scan itself must be able to fail: a planted output is found, planted inputs are not.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { canaryHits } from '../helpers/canary-scan.ts';
import { scratchDir } from '../helpers/scratch.ts';

it('finds the canary in an output file, not in planted settings or Droid\'s own folder', () => {
  const dir = scratchDir('rl-scan-');
  const canary = 'sk-scan-probe-0123456789';
  writeFileSync(join(dir, 'settings.json'), canary);
  writeFileSync(join(dir, 'settings.json.backup-20260101T000000Z'), canary);
  mkdirSync(join(dir, '.factory'));
  writeFileSync(join(dir, '.factory', 'log.txt'), canary);
  expect(canaryHits(dir, canary)).toEqual([]);
  writeFileSync(join(dir, 'report.md'), `oops ${canary}`);
  expect(canaryHits(dir, canary)).toEqual([join(dir, 'report.md')]);
});

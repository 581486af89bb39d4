// Scratch folders for tests, under test-artifacts/scratch: kept until the suite ends, so that the
// canary scan (test/global-setup.ts) can read everything the tests left behind, then removed.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function scratchDir(prefix = 'rl-test-'): string {
  const root = process.env.ROUTELIGHTS_TEST_ARTIFACTS ? join(process.env.ROUTELIGHTS_TEST_ARTIFACTS, 'scratch') : tmpdir();
  mkdirSync(root, { recursive: true });
  return mkdtempSync(join(root, prefix));
}

// Runs once around the whole suite: plants the canary key, gives the tests a folder of this run for
// everything they capture, and at the end scans that folder for the canary. If it appears anywhere, the
// run fails. Each run has its own folder, so two runs at once cannot remove each other's files.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canaryHits } from './helpers/canary-scan.ts';

const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const CANARY = 'sk-rl-canary-7Q2w9E4r1T6y3U8i';

export function setup(): () => void {
  const run = join(ARTIFACTS, 'runs', `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
  mkdirSync(join(run, 'captured'), { recursive: true });
  mkdirSync(join(run, 'scratch'), { recursive: true });
  process.env.ROUTELIGHTS_TEST_CANARY = CANARY;
  process.env.ROUTELIGHTS_TEST_ARTIFACTS = run;
  return () => {
    const hits = canaryHits(run, CANARY);
    if (hits.length > 0) throw new Error(`The canary key appeared in what the suite captured:\n${hits.join('\n')}`);
    process.stdout.write(`canary scan: the canary key appears nowhere in ${run}\n`);
    rmSync(run, { recursive: true, force: true });
  };
}

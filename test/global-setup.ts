// Runs once around the whole suite: gives the tests a folder of this run for
// everything they capture, and at the end scans that folder for every canary (helpers/canary.ts). If one appears anywhere,
// the run fails. Each run has its own folder, so two runs at once cannot remove each other's files.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CANARIES } from './helpers/canary.ts';
import { canaryHits } from './helpers/canary-scan.ts';

const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));

export function setup(): () => void {
  const run = join(ARTIFACTS, 'runs', `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
  mkdirSync(join(run, 'captured'), { recursive: true });
  mkdirSync(join(run, 'scratch'), { recursive: true });
  process.env.ROUTELIGHTS_TEST_ARTIFACTS = run;
  return () => {
    const hits = Object.entries(CANARIES).flatMap(([field, canary]) => canaryHits(run, canary).map((path) => `${field}: ${path}`));
    if (hits.length > 0) throw new Error(`A canary appeared in what the suite captured:\n${hits.join('\n')}`);
    process.stdout.write(`canary scan: none of the ${Object.keys(CANARIES).length} canaries (${Object.keys(CANARIES).join(', ')}) appears in ${run}\n`);
    rmSync(run, { recursive: true, force: true });
  };
}

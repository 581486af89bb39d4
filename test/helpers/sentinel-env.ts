// Runner options for sentinel tests: the real droid binary, a scratch HOME holding the settings file.
import type { RunnerOptions } from '../../app/sentinels/runner.ts';
import { envLookup } from '../../app/secrets/resolve.ts';
import { surfaceOptionsFromEnv } from '../../app/surfaces/derive.ts';
import { droidBinary } from './droid.ts';

export function runnerOptions(home: string, settingsPath: string, env: NodeJS.ProcessEnv = {}, overrides: Partial<RunnerOptions> = {}): RunnerOptions {
  const fullEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ...env };
  return {
    droidPath: droidBinary(),
    env: fullEnv,
    settingsPath,
    timeoutMs: 30_000,
    graceMs: 10_000,
    earlyDiagnosisMs: 4_000,
    concurrency: 4,
    force: false,
    snapshot: null,
    diagnose: { lookupKey: envLookup(fullEnv), surfaceOptions: surfaceOptionsFromEnv(fullEnv), settingsHints: [], probe: { deadlineMs: 2_000, vibeproxy: { authDir: '/nonexistent', enginePort: 1 }, rejectedManagementKeys: new Set() } },
    ...overrides,
  };
}

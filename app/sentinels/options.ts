// Runner options from the service's context: the deadlines, the diagnosis context and its settings hints.
import type { Snapshot } from '../model/snapshot.ts';
import type { KeyLookup } from '../secrets/resolve.ts';
import { SKIPS_FILE, type RouteMap } from '../settings/route-map.ts';
import type { SurfaceOptions } from '../surfaces/derive.ts';
import { PROBE_DEFAULTS } from '../surfaces/http.ts';
import { vibeproxyOptionsFromEnv } from '../surfaces/vibeproxy.ts';
import { DEFAULT_RUNNER, type RunnerOptions, type SentinelProgress } from './runner.ts';
import type { SessionHost } from './session-host.ts';

export interface SentinelSetup {
  droidPath: string;
  env: NodeJS.ProcessEnv;
  settingsPath: string;
  map: RouteMap | null;
  lookupKey: KeyLookup;
  surfaceOptions: SurfaceOptions;
  snapshot: Snapshot | null;
  concurrency: number;
  timeoutMs?: number;
  force?: boolean;
  signal?: AbortSignal;
  onProgress?: (event: SentinelProgress) => void;
  sessions?: SessionHost | null;
}

export function runnerOptionsFor(setup: SentinelSetup): RunnerOptions {
  const timeoutMs = setup.timeoutMs ?? DEFAULT_RUNNER.timeoutMs;
  const hints = (setup.map?.problems ?? []).filter((p) => SKIPS_FILE.has(p.rule) || p.rule === 'local-replaces-settings').map((p) => p.message);
  return {
    droidPath: setup.droidPath,
    env: setup.env,
    settingsPath: setup.settingsPath,
    timeoutMs,
    graceMs: DEFAULT_RUNNER.graceMs,
    earlyDiagnosisMs: Math.min(DEFAULT_RUNNER.earlyDiagnosisMs, timeoutMs / 2),
    concurrency: setup.concurrency,
    force: !!setup.force,
    snapshot: setup.snapshot,
    diagnose: {
      lookupKey: setup.lookupKey,
      surfaceOptions: setup.surfaceOptions,
      settingsHints: hints,
      probe: {
        // The shared keep-alive agent: a run must not leave an agent of its own with open sockets behind.
        deadlineMs: PROBE_DEFAULTS.deadlineMs,
        rejectedManagementKeys: new Set(),
        vibeproxy: vibeproxyOptionsFromEnv(setup.env),
      },
    },
    ...(setup.signal ? { signal: setup.signal } : {}),
    ...(setup.onProgress ? { onProgress: setup.onProgress } : {}),
    sessions: setup.sessions ?? null,
    ...(setup.map ? { revision: setup.map.revision } : {}),
  };
}

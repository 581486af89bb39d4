// Builds a Monitor from the environment and the caller's sources: the one place that knows where the
// Droid binary, VibeProxy's auth folder and engine port, the probes' keep-alive agent and the polling
// interval ($ROUTELIGHTS_INTERVAL_SECONDS, for the menu bar app, which has no flags) and the usage
// cadence ($ROUTELIGHTS_USAGE_INTERVAL_SECONDS) come from.
import type { Failure, Result } from '../model/failure.ts';
import type { KeyLookup } from '../secrets/resolve.ts';
import type { RouteMap } from '../settings/route-map.ts';
import type { SurfaceOptions } from '../surfaces/derive.ts';
import { probeDroidAccount } from '../surfaces/droid-account.ts';
import type { DroidSeeker } from '../surfaces/find-droid.ts';
import { createProbeAgent } from '../surfaces/http.ts';
import { vibeproxyOptionsFromEnv } from '../surfaces/vibeproxy.ts';
import { oauthEndpointsFromEnv } from '../usage/oauth-usage.ts';
import { machineName } from './machine.ts';
import { Monitor, type MonitorOptions } from './monitor.ts';

export interface MonitorSetup {
  settingsPath: string;
  loadRoutes: () => Promise<Result<RouteMap>>;
  lookupKey: KeyLookup;
  keychain: () => Failure | null;
  env: NodeJS.ProcessEnv;
  /** The service's own: kinds the user declares in the window reach the monitor at once. */
  surfaceOptions: SurfaceOptions;
  lowPercent: (surfaceId: string) => number;
  droidPath?: string;
  seeker?: DroidSeeker;
  daemonPort?: number;
  options?: Partial<MonitorOptions>;
}

/** A whole number from the environment within bounds, else undefined. */
function envNumber(value: string | undefined, min: number, max: number): number | undefined {
  const n = Number(value);
  return value && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

export function createMonitor(setup: MonitorSetup): Monitor {
  const { env } = setup;
  const daemonPort = setup.daemonPort ?? envNumber(env.ROUTELIGHTS_DROID_DAEMON_PORT, 1, 65_535);
  const interval = envNumber(env.ROUTELIGHTS_INTERVAL_SECONDS, 1, 3_600);
  const usageInterval = envNumber(env.ROUTELIGHTS_USAGE_INTERVAL_SECONDS, 10, 86_400);
  return new Monitor(
    {
      settingsPath: setup.settingsPath,
      loadRoutes: setup.loadRoutes,
      probeAccount: () => probeDroidAccount({ env, ...(setup.droidPath ? { droidPath: setup.droidPath } : {}), ...(setup.seeker ? { seeker: setup.seeker } : {}), ...(daemonPort ? { daemonPort } : {}), machineName: machineName(env) }),
      lookupKey: setup.lookupKey,
      keychain: setup.keychain,
      surfaceOptions: setup.surfaceOptions,
      lowPercent: setup.lowPercent,
      oauthUsage: oauthEndpointsFromEnv(env),
      vibeproxy: vibeproxyOptionsFromEnv(env),
      machine: machineName(env),
      dispatcher: createProbeAgent(),
    },
    { ...(interval ? { intervalMs: interval * 1000 } : {}), ...(usageInterval ? { usageIntervalMs: usageInterval * 1000 } : {}), ...setup.options },
  );
}

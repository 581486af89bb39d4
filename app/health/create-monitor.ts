// Builds a Monitor from the environment and the user's flags: the one place that knows where the
// settings, the Droid binary, VibeProxy's auth folder and engine port come from.
import { homedir } from 'node:os';
import { envLookup, type KeyLookup } from '../secrets/resolve.ts';
import { loadRouteMap } from '../settings/route-map.ts';
import { surfaceOptionsFromEnv } from '../surfaces/derive.ts';
import { probeDroidAccount } from '../surfaces/droid-account.ts';
import { createProbeAgent } from '../surfaces/http.ts';
import { DEFAULT_ENGINE_PORT, defaultAuthDir } from '../surfaces/vibeproxy.ts';
import { machineName } from './machine.ts';
import { Monitor, type MonitorOptions } from './monitor.ts';

export interface MonitorSetup {
  settingsPath: string;
  droidPath?: string;
  daemonPort?: number;
  env?: NodeJS.ProcessEnv;
  lookupKey?: KeyLookup;
  options?: Partial<MonitorOptions>;
}

function intFromEnv(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function createMonitor(setup: MonitorSetup): Monitor {
  const env = setup.env ?? process.env;
  const daemonPort = setup.daemonPort ?? (env.ROUTELIGHTS_DROID_DAEMON_PORT ? intFromEnv(env.ROUTELIGHTS_DROID_DAEMON_PORT, 0) || undefined : undefined);
  const managementKey = env.ROUTELIGHTS_VIBEPROXY_MANAGEMENT_KEY;
  return new Monitor(
    {
      settingsPath: setup.settingsPath,
      loadRoutes: () => loadRouteMap(setup.settingsPath),
      probeAccount: () => probeDroidAccount({ env, ...(setup.droidPath ? { droidPath: setup.droidPath } : {}), ...(daemonPort ? { daemonPort } : {}), machineName: machineName(env) }),
      lookupKey: setup.lookupKey ?? envLookup(env),
      surfaceOptions: surfaceOptionsFromEnv(env),
      vibeproxy: {
        authDir: env.ROUTELIGHTS_VIBEPROXY_AUTH_DIR || defaultAuthDir(env.HOME ?? homedir()),
        enginePort: intFromEnv(env.ROUTELIGHTS_VIBEPROXY_ENGINE_PORT, DEFAULT_ENGINE_PORT),
        ...(managementKey ? { managementKey } : {}),
      },
      machine: machineName(env),
      dispatcher: createProbeAgent(),
    },
    setup.options,
  );
}

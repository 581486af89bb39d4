// What the status, sentinels and report commands share: the settings path, the route map, the monitor
// (primed with the sentinel history), the key lookup and where the history lives.
import { createMonitor } from '../health/create-monitor.ts';
import { machineName } from '../health/machine.ts';
import type { Monitor } from '../health/monitor.ts';
import { primeFromHistory } from '../health/prime.ts';
import { dataDir } from '../data-dir.ts';
import { orThrow } from '../model/failure.ts';
import { envLookup, type KeyLookup } from '../secrets/resolve.ts';
import { historyPath } from '../sentinels/history.ts';
import { resolveSettingsPath } from '../settings/paths.ts';
import { loadRouteMap, type RouteMap } from '../settings/route-map.ts';
import { surfaceOptionsFromEnv, type SurfaceOptions } from '../surfaces/derive.ts';
import type { CliIo } from './io.ts';

export interface RuntimeFlags {
  settings?: string;
  droid?: string;
  daemonPort?: number;
  intervalMs?: number;
}

export interface Runtime {
  settingsPath: string;
  map: RouteMap;
  monitor: Monitor;
  lookupKey: KeyLookup;
  surfaceOptions: SurfaceOptions;
  historyFile: string;
  machine: string;
}

export async function openRuntime(io: CliIo, flags: RuntimeFlags): Promise<Runtime> {
  const settingsPath = resolveSettingsPath(flags.settings, io.env);
  const map = orThrow(await loadRouteMap(settingsPath));
  const lookupKey = envLookup(io.env);
  const monitor = createMonitor({ settingsPath, env: io.env, lookupKey, ...(flags.droid ? { droidPath: flags.droid } : {}), ...(flags.daemonPort ? { daemonPort: flags.daemonPort } : {}), ...(flags.intervalMs ? { options: { intervalMs: flags.intervalMs } } : {}) });
  const historyFile = historyPath(dataDir(io.env));
  await primeFromHistory(monitor, historyFile);
  return { settingsPath, map, monitor, lookupKey, surfaceOptions: surfaceOptionsFromEnv(io.env), historyFile, machine: machineName(io.env) };
}

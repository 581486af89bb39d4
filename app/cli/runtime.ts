// What the status, sentinels, report, keys and exec commands share: the settings path, the route map,
// the key lookup (environment first, then the Keychain, read once), the monitor primed with the
// sentinel history, and where that history lives.
import { createMonitor } from '../health/create-monitor.ts';
import { machineName } from '../health/machine.ts';
import type { Monitor } from '../health/monitor.ts';
import { primeFromHistory } from '../health/prime.ts';
import { dataDir } from '../data-dir.ts';
import { orThrow, type Failure } from '../model/failure.ts';
import { defaultStore, prepareLookup, referencedNames } from '../secrets/lookup.ts';
import type { KeyLookup } from '../secrets/resolve.ts';
import type { SecretStore } from '../secrets/store.ts';
import { historyPath } from '../sentinels/history.ts';
import { resolveSettingsPath } from '../settings/paths.ts';
import { loadRouteMap, type RouteMap } from '../settings/route-map.ts';
import { surfaceOptionsFromEnv, type SurfaceOptions } from '../surfaces/derive.ts';
import type { CliIo } from './io.ts';
import { formatFailure } from './failure-text.ts';

export interface RuntimeFlags {
  settings?: string;
  droid?: string;
  daemonPort?: number;
  intervalMs?: number;
}

export interface Runtime {
  settingsPath: string;
  /** Null only when the settings file could not be read and the caller tolerates that (status). */
  map: RouteMap | null;
  monitor: Monitor;
  lookupKey: KeyLookup;
  store: SecretStore | null;
  surfaceOptions: SurfaceOptions;
  historyFile: string;
  machine: string;
}

export async function openRuntime(io: CliIo, flags: RuntimeFlags, tolerateBadSettings?: false): Promise<Runtime & { map: RouteMap }>;
export async function openRuntime(io: CliIo, flags: RuntimeFlags, tolerateBadSettings: true): Promise<Runtime>;
export async function openRuntime(io: CliIo, flags: RuntimeFlags, tolerateBadSettings = false): Promise<Runtime> {
  const settingsPath = resolveSettingsPath(flags.settings, io.env);
  const loaded = await loadRouteMap(settingsPath);
  const map = tolerateBadSettings ? (loaded.ok ? loaded.value : null) : orThrow(loaded);
  const store = defaultStore(io.env);
  const names = map ? referencedNames(map.routes) : [];
  const prepared = await prepareLookup(io.env, store, names);
  if (prepared.storeFailure) warn(io, prepared.storeFailure);
  const monitor = createMonitor({ settingsPath, env: io.env, lookupKey: prepared.lookup, ...(flags.droid ? { droidPath: flags.droid } : {}), ...(flags.daemonPort ? { daemonPort: flags.daemonPort } : {}), ...(flags.intervalMs ? { options: { intervalMs: flags.intervalMs } } : {}) });
  const historyFile = historyPath(dataDir(io.env));
  await primeFromHistory(monitor, historyFile);
  return { settingsPath, map, monitor, lookupKey: prepared.lookup, store, surfaceOptions: surfaceOptionsFromEnv(io.env), historyFile, machine: machineName(io.env) };
}

function warn(io: CliIo, failure: Failure): void {
  io.stderr(formatFailure(failure).replace(/^routelights:/, 'routelights: warning:'));
}

// A Monitor wired to real loopback servers, with the Droid account layer held fixed (it has its own tests).
import { Agent } from 'undici';
import { Monitor, type MonitorDeps, type MonitorOptions } from '../../app/health/monitor.ts';
import { envLookup } from '../../app/secrets/resolve.ts';
import { loadRouteMap } from '../../app/settings/route-map.ts';
import { surfaceOptionsFromEnv } from '../../app/surfaces/derive.ts';
import type { DroidAccount } from '../../app/surfaces/droid-account.ts';
import { sources } from './sources.ts';

export const LOGGED_IN: DroidAccount = { light: 'green', reason: 'Droid is logged in.', remedy: 'Nothing to do.', path: '/usr/bin/droid', version: '0.225.2', checks: [], loggedIn: true, computer: { registered: true, detail: 'registered' }, daemon: null };

export function testMonitor(settingsPath: string, env: NodeJS.ProcessEnv = {}, options: Partial<MonitorOptions> = {}, now?: () => Date, probe?: MonitorDeps['probe'], extra: Partial<MonitorDeps> = {}) {
  const dispatcher = new Agent({ keepAliveTimeout: 60_000, connections: 8 });
  const monitor = new Monitor(
    {
      settingsPath,
      loadRoutes: () => loadRouteMap(sources(settingsPath)),
      probeAccount: async () => LOGGED_IN,
      lookupKey: envLookup(env),
      surfaceOptions: surfaceOptionsFromEnv(env),
      vibeproxy: { authDir: '/nonexistent', enginePort: 1 },
      machine: 'test-machine',
      dispatcher,
      ...(now ? { now } : {}),
      ...(probe ? { probe } : {}),
      ...extra,
    },
    { probeDeadlineMs: 1_500, ...options },
  );
  return { monitor, dispatcher };
}

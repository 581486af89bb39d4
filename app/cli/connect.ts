// The CLI's one road to the core: a RouteLights already running for the same settings file (the menu
// bar app or `routelights serve`, reached on its Unix socket) answers; with none running, the command
// runs the service in its own process. Either way the command speaks the contract, nothing else.
import { existsSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { About, RouteLightsApi } from '../api/contract.ts';
import { socketPathFor } from '../bridge/socket-path.ts';
import { dataDir } from '../data-dir.ts';
import { FailureError } from '../model/failure.ts';
import type { RouteLightsService, ServiceOptions } from '../service.ts';
import { defaultSettingsPath, resolveSettingsPath } from '../settings/paths.ts';
import type { CliIo } from './io.ts';

export interface ConnectFlags {
  settings?: string;
  droid?: string;
  daemonPort?: number;
  intervalMs?: number;
  /** The settings file may not exist yet (routes add creates it; keys and projects do not read it); else a path given by hand must exist. */
  mayBeNew?: boolean;
}

/**
 * The settings file a command works on. A path given by hand (--settings or $ROUTELIGHTS_SETTINGS) that
 * does not exist is a mistake to name, not "no routes yet"; the default path may be missing on a new machine.
 */
export function settingsFile(io: CliIo, flags: ConnectFlags): string {
  const path = resolveSettingsPath(flags.settings, io.env);
  const fallback = defaultSettingsPath(io.env);
  const given = flags.settings !== undefined ? '--settings' : '$ROUTELIGHTS_SETTINGS';
  // lstat: a link that leads nowhere or loops is there, and the read names what is wrong with it.
  const found = path === fallback ? null : lstatSync(path, { throwIfNoEntry: false });
  if (!flags.mayBeNew && path !== fallback && !found) {
    throw new FailureError({ layer: 'usage', code: 'no-settings-file', reason: `${path} (from ${given}) does not exist.`, remedy: `Check the path. Without ${given}, RouteLights reads ${fallback}; to start a new file at ${path}, add a route to it: routelights routes add --settings ${path} …` });
  }
  // A folder is most often a project (or a home) whose settings file was meant; one named like a file
  // has taken the file's place.
  if (found?.isDirectory()) {
    throw new FailureError({
      layer: 'usage',
      code: 'settings-is-folder',
      reason: `${path} (from ${given}) is a folder, not a settings file.`,
      remedy: path.endsWith('.json')
        ? `Move the folder out of the way, or point ${given} at the real file.`
        : `Name the file itself, e.g. ${join(path, '.factory', 'settings.json')}; for a project's own routes, keep ${given} as it was and run: routelights projects add ${path}`,
    });
  }
  return path;
}

export interface Connection {
  api: RouteLightsApi;
  about: About;
  /** The in-process service when no RouteLights was running; null when a running one answers. */
  service: RouteLightsService | null;
  close: () => Promise<void>;
}

/** The service in this process (always, for `exec`: key values never cross the contract). */
export async function localService(io: CliIo, flags: ConnectFlags, kind: ServiceOptions['kind'] = 'process'): Promise<RouteLightsService> {
  const settingsPath = settingsFile(io, flags);
  const { RouteLightsService } = await import('../service.ts');
  const service = new RouteLightsService({
    settingsPath,
    env: io.env,
    kind,
    ...(flags.droid ? { droidPath: flags.droid } : {}),
    ...(flags.daemonPort ? { daemonPort: flags.daemonPort } : {}),
    ...(flags.intervalMs ? { monitor: { intervalMs: flags.intervalMs } } : {}),
  });
  await service.start();
  return service;
}

export async function connect(io: CliIo, flags: ConnectFlags): Promise<Connection> {
  const settingsPath = settingsFile(io, flags);
  const socket = socketPathFor(dataDir(io.env), settingsPath);
  if (existsSync(socket)) {
    const { reachRunning } = await import('../bridge/socket-client.ts');
    const running = await reachRunning(socket);
    if (running) {
      if (flags.droid || flags.daemonPort) {
        running.api.close();
        throw new FailureError({ layer: 'usage', code: 'app-running', reason: `${describeAbout(running.about)} is running for ${settingsPath} and uses its own Droid settings, so --droid and --daemon-port cannot apply.`, remedy: 'Leave them out to ask the running one, or quit it first.' });
      }
      return { api: running.api, about: running.about, service: null, close: async () => running.api.close() };
    }
  }
  const service = await localService(io, flags);
  return { api: service, about: await service.call('about', {}), service, close: async () => service.stop() };
}

export function describeAbout(about: About): string {
  return about.kind === 'app' ? `the RouteLights menu bar app (pid ${about.pid})` : about.kind === 'serve' ? `routelights serve (pid ${about.pid})` : 'this command (no RouteLights is running for these settings)';
}

/** Connects, does the work, and lets go of the connection whatever happens. */
export async function withConnection<T>(io: CliIo, flags: ConnectFlags, work: (connection: Connection) => Promise<T>): Promise<T> {
  const connection = await connect(io, flags);
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}

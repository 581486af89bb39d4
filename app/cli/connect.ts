// The CLI's one road to the core: a RouteLights already running for the same settings file (the menu
// bar app or `routelights serve`, reached on its Unix socket) answers; with none running, the command
// runs the service in its own process. Either way the command speaks the contract, nothing else.
import { existsSync } from 'node:fs';
import type { About, RouteLightsApi } from '../api/contract.ts';
import { socketPathFor } from '../bridge/socket-path.ts';
import { dataDir } from '../data-dir.ts';
import { FailureError } from '../model/failure.ts';
import type { RouteLightsService, ServiceOptions } from '../service.ts';
import { resolveSettingsPath } from '../settings/paths.ts';
import type { CliIo } from './io.ts';

export interface ConnectFlags {
  settings?: string;
  droid?: string;
  daemonPort?: number;
  intervalMs?: number;
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
  const { RouteLightsService } = await import('../service.ts');
  const service = new RouteLightsService({
    settingsPath: resolveSettingsPath(flags.settings, io.env),
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
  const settingsPath = resolveSettingsPath(flags.settings, io.env);
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

// The app's Unix socket: the API (api-handler.ts) for the CLI on this machine, mode 0600 in the user's own
// data folder (the file's mode is the authentication; no token). A second RouteLights for the same
// settings file is refused, naming the first; a socket left by a crashed one is replaced.
import { createServer, type Server } from 'node:http';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { RouteLightsApi } from '../api/contract.ts';
import { FailureError } from '../model/failure.ts';
import { bridgeFailure, createApiHandler, requestPath, sendBadUrl, sendFailure } from './api-handler.ts';
import { capConnections, DEFAULT_LIMITS, timeoutOptions, type BridgeLimits } from './limits.ts';
import { reachRunning } from './socket-client.ts';
import { MAX_SOCKET_PATH } from './socket-path.ts';

export interface SocketBridge {
  path: string;
  close: () => Promise<void>;
}

async function removeStale(path: string): Promise<void> {
  const running = await reachRunning(path, 1_000);
  if (running) {
    running.api.close();
    const { kind, pid, settingsPath } = running.about;
    throw new FailureError({ layer: 'service', code: 'already-running', reason: `RouteLights is already running for ${settingsPath} (${kind === 'app' ? 'the menu bar app' : 'routelights serve'}, pid ${pid}).`, remedy: kind === 'app' ? 'Use the running app (the CLI talks to it by itself), or quit it first.' : `Use the running one, or stop it first (kill ${pid}).` });
  }
  const target = await fs.readlink(path).catch(() => null);
  // Only a folder this module made is removed with a stale link, never whatever a link points at.
  if (target && dirname(dirname(target)) === tmpdir() && /^rl-[A-Za-z0-9]+$/.test(basename(dirname(target)))) await fs.rm(dirname(target), { recursive: true, force: true });
  await fs.rm(path, { force: true });
}

export async function startSocketBridge(api: RouteLightsApi, path: string, options: { limits?: Partial<BridgeLimits> } = {}): Promise<SocketBridge> {
  await fs.mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await removeStale(path);
  // A path past the Unix limit is bound in a short private folder and linked from the data folder.
  const shortDir = Buffer.byteLength(path) > MAX_SOCKET_PATH ? await fs.mkdtemp(join(tmpdir(), 'rl-')) : null;
  const bound = shortDir ? join(shortDir, 's') : path;
  // Only the user reaches this socket, but a runaway script of theirs is held to the same limits.
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const handler = createApiHandler(api, limits);
  const server: Server = createServer(timeoutOptions(limits), (req, res) => {
    if (refused(req.socket)) return void res.destroy();
    const target = requestPath(req);
    if (!target) return sendBadUrl(res);
    if (!target.path.startsWith('/api/')) return sendFailure(res, bridgeFailure('not-found', `Nothing at ${target.path.slice(0, 80)}.`, 'The API lives under /api/.'));
    handler.handle(req, res, target.path.slice('/api/'.length), target.query).catch(() => {
      if (!res.headersSent) sendFailure(res, bridgeFailure('internal', 'RouteLights failed while answering.', 'Try again.'));
      else res.end();
    });
  });
  const refused = capConnections(server, limits.maxConnections);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(bound, () => resolve());
  });
  await fs.chmod(bound, 0o600);
  if (shortDir) await fs.symlink(bound, path);
  return {
    path,
    close: () =>
      new Promise<void>((done) => {
        handler.close();
        server.closeAllConnections();
        server.close(() => {
          void Promise.all([fs.rm(path, { force: true }), shortDir ? fs.rm(shortDir, { recursive: true, force: true }) : undefined]).then(() => done());
        });
      }),
  };
}

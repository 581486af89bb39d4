// `routelights serve`: the service, the window and the API over HTTP on 127.0.0.1 (for Linux, SSH and
// the browser tests), and the CLI's socket. A random token is made at start and printed once, inside
// the URL to open. The browser that --open starts is handed a private file (0600) that leads it on with
// a one-time code: an opener's arguments are in every local user's process list.
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { limitsFromEnv } from '../../bridge/limits.ts';
import { BridgeMetrics } from '../../bridge/metrics.ts';
import { CODE_TTL_MS } from '../../bridge/one-time-code.ts';
import { startBridge } from '../../bridge/server.ts';
import { startSocketBridge } from '../../bridge/socket-server.ts';
import { socketPathFor } from '../../bridge/socket-path.ts';
import { freshToken, tokenFromFile } from '../../bridge/token-file.ts';
import { dataDir } from '../../data-dir.ts';
import { FailureError } from '../../model/failure.ts';
import { packageRoot } from '../../package-root.ts';
import { resolveSettingsPath } from '../../settings/paths.ts';
import { localService } from '../connect.ts';
import type { CommandContext } from '../program.ts';
import { stopSignal } from '../stop-signal.ts';

/** The built window (npm run build puts it in out/renderer), or null when it is not built. */
export function rendererDir(): string | null {
  const dir = join(packageRoot(), 'out', 'renderer');
  return existsSync(join(dir, 'index.html')) ? dir : null;
}

/**
 * Hands the URL to the system's opener and says in one line what came of it: the opener missing or
 * failing within a few seconds is said, with the remedy; one still running after that is taken as opened.
 */
async function openInBrowser(url: string, env: NodeJS.ProcessEnv): Promise<string> {
  const opener = process.platform === 'darwin' ? 'open' : 'xdg-open';
  const child = spawn(opener, [url], { env, detached: true, stdio: 'ignore' });
  const outcome = await new Promise<string | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), 3_000);
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(error.code === 'ENOENT' ? `${opener} is not installed` : `${opener} failed (${error.code ?? error.message})`);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? null : `${opener} found no browser to open it (exit ${code})`);
    });
  });
  child.unref();
  return outcome ? `Could not open the window in a browser: ${outcome}. Open the URL above yourself.\n` : `Opened the window in your browser (${opener}).\n`;
}


/**
 * A page only this user can read, kept as long as its code is good, that sends the browser on to the window with a one-time code (as
 * Jupyter does with its token): the opener's argument, which everyone sees, is only this file's path.
 */
async function privateOpenFile(folder: string, target: string): Promise<{ url: string; remove: () => Promise<void> }> {
  await fs.mkdir(folder, { recursive: true, mode: 0o700 });
  const path = join(folder, `open-${randomBytes(8).toString('hex')}.html`);
  await fs.writeFile(path, `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>RouteLights</title><script>location.replace(${JSON.stringify(target)});</script>\n`, { mode: 0o600, flag: 'wx' });
  const timer = setTimeout(() => void fs.rm(path, { force: true }), CODE_TTL_MS);
  timer.unref();
  return { url: pathToFileURL(path).href, remove: async () => (clearTimeout(timer), await fs.rm(path, { force: true })) };
}

export async function serve(ctx: CommandContext, options: { port?: string; open?: boolean; tokenFile?: string; settings?: string; droid?: string }): Promise<void> {
  const { io } = ctx;
  const port = options.port === undefined ? 0 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new FailureError({ layer: 'usage', code: 'bad-port', reason: `--port ${options.port} is not a port.`, remedy: 'Give a number from 1 to 65535, or leave it out.' });
  const limits = limitsFromEnv(io.env);
  const service = await localService(io, options, 'serve');
  const stops: Array<() => Promise<void> | void> = [() => service.stop()];
  const signal = stopSignal();
  try {
    // The socket first: a second RouteLights for the same settings file is refused before it polls anything.
    const socket = await startSocketBridge(service, socketPathFor(dataDir(io.env), resolveSettingsPath(options.settings, io.env)), { limits });
    stops.unshift(() => socket.close());
    const token = options.tokenFile ? await tokenFromFile(options.tokenFile) : freshToken();
    await service.start({ poll: true });
    const bridge = await startBridge({ api: service, token, port, staticDir: rendererDir(), metrics: new BridgeMetrics(), limits }).catch((error: NodeJS.ErrnoException) => {
      throw new FailureError({ layer: 'usage', code: error.code ?? 'listen', reason: `Cannot listen on 127.0.0.1:${port} (${error.code ?? error.message}).`, remedy: 'Pick another --port, or leave it out for a free one.' });
    });
    stops.unshift(() => bridge.close());
    // The token is printed this once, inside the URL to open: the terminal is the user's own.
    io.stdout(`RouteLights is serving on ${bridge.url}\nOpen: ${bridge.url}/#token=${token}\nPress Ctrl-C to stop.\n`);
    if (!rendererDir()) io.stderr('The window is not built (npm run build): only the API and /metrics are served.\n');
    if (options.open) {
      const page = await privateOpenFile(join(dataDir(io.env), 'open'), `${bridge.url}/#code=${bridge.oneTimeCode()}`);
      stops.unshift(page.remove);
      io.stderr(await openInBrowser(page.url, io.env));
    }
    await signal.stopped;
  } finally {
    for (const stop of stops) await stop();
    signal.release();
  }
}

// `routelights serve`: the service and the window over HTTP on 127.0.0.1, for Linux, SSH, and the
// browser tests. A random token is made at start and printed once, inside the URL to open.
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../package-root.ts';
import type { Command } from 'commander';
import { execa } from 'execa';
import { BridgeMetrics } from '../../bridge/metrics.ts';
import { startBridge } from '../../bridge/server.ts';
import { FailureError } from '../../model/failure.ts';
import { defaultStore } from '../../secrets/lookup.ts';
import { RouteLightsService } from '../../service.ts';
import { resolveSettingsPath } from '../../settings/paths.ts';
import type { CliIo } from '../io.ts';

/** The built window (npm run build puts it in out/renderer), or null when it is not built. */
export function rendererDir(): string | null {
  const dir = join(packageRoot(), 'out', 'renderer');
  return existsSync(join(dir, 'index.html')) ? dir : null;
}

async function tokenFrom(file: string | undefined): Promise<string> {
  if (!file) return randomBytes(24).toString('base64url');
  const existing = await fs.readFile(file, 'utf8').catch(() => null);
  if (existing?.trim()) return existing.trim();
  const token = randomBytes(24).toString('base64url');
  await fs.writeFile(file, `${token}\n`, { mode: 0o600 });
  return token;
}

export function registerServe(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('serve the window and the API on 127.0.0.1 (with /metrics for Prometheus)')
    .option('--port <n>', 'the port (default: a free one)')
    .option('--open', 'open the window in the default browser')
    .option('--token-file <path>', 'read the bearer token from this file (created with a new one if missing), e.g. for a Prometheus scrape config')
    .option('--settings <path>', 'settings.json to use')
    .option('--droid <path>', 'the droid binary (default: droid on PATH)')
    .action(async (options: { port?: string; open?: boolean; tokenFile?: string; settings?: string; droid?: string }) => {
      const port = options.port === undefined ? 0 : Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new FailureError({ layer: 'usage', code: 'bad-port', reason: `--port ${options.port} is not a port.`, remedy: 'Give a number from 1 to 65535, or leave it out.' });
      const service = new RouteLightsService({ settingsPath: resolveSettingsPath(options.settings, io.env), env: io.env, store: defaultStore(io.env), ...(options.droid ? { droidPath: options.droid } : {}), poll: true });
      await service.start();
      const token = await tokenFrom(options.tokenFile);
      const bridge = await startBridge({ api: service, token, port, staticDir: rendererDir(), metrics: new BridgeMetrics() }).catch((error: NodeJS.ErrnoException) => {
        service.stop();
        throw new FailureError({ layer: 'usage', code: error.code ?? 'listen', reason: `Cannot listen on 127.0.0.1:${port} (${error.code ?? error.message}).`, remedy: 'Pick another --port, or leave it out for a free one.' });
      });
      const url = `${bridge.url}/#token=${token}`;
      // The token is printed this once, inside the URL to open.
      io.stdout(`RouteLights is serving on ${bridge.url}\nOpen: ${url}\nPress Ctrl-C to stop.\n`);
      if (!rendererDir()) io.stderr('The window is not built (npm run build): only the API and /metrics are served.\n');
      if (options.open) void execa(process.platform === 'darwin' ? 'open' : 'xdg-open', [url], { reject: false, detached: true, stdio: 'ignore' });
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await bridge.close();
      service.stop();
    });
}

// A real CLIProxyAPI (the engine inside VibeProxy) on a loopback port: client keys, an auth folder, and
// optionally an OpenAI-compatible upstream (a local stub) so that it lists models without any OAuth.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, stopChild, tool, waitForHttp } from './tools.ts';

export interface CliProxyApi {
  port: number;
  url: string;
  authDir: string;
  stop: () => Promise<void>;
  log: () => string;
}

export interface CliProxyApiOptions {
  dir: string;
  apiKeys: string[];
  upstream?: { name: string; baseUrl: string; models: Array<{ name: string; alias: string }> };
  port?: number;
  /** Turns the management API on with this secret (VibeProxy ships it off). */
  managementSecret?: string;
}

function yaml(options: CliProxyApiOptions, port: number, authDir: string): string {
  const lines = ['host: 127.0.0.1', `port: ${port}`, `auth-dir: ${JSON.stringify(authDir)}`, 'api-keys:', ...options.apiKeys.map((k) => `  - ${JSON.stringify(k)}`)];
  if (options.managementSecret) lines.push('remote-management:', '  allow-remote: false', `  secret-key: ${JSON.stringify(options.managementSecret)}`);
  if (options.upstream) {
    lines.push('openai-compatibility:', `  - name: ${JSON.stringify(options.upstream.name)}`, `    base-url: ${JSON.stringify(options.upstream.baseUrl)}`, '    api-key-entries:', '      - api-key: "upstream-key"', '    models:');
    for (const m of options.upstream.models) lines.push(`      - name: ${JSON.stringify(m.name)}`, `        alias: ${JSON.stringify(m.alias)}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function startCliProxyApi(options: CliProxyApiOptions): Promise<CliProxyApi> {
  const port = options.port ?? (await freePort());
  const authDir = join(options.dir, 'auth');
  mkdirSync(authDir, { recursive: true });
  const config = join(options.dir, 'config.yaml');
  writeFileSync(config, yaml(options, port, authDir));
  let output = '';
  const child: ChildProcess = spawn(tool('bin/cliproxyapi', 'ROUTELIGHTS_TEST_CLIPROXYAPI'), ['-config', config, '-local-model'], { cwd: options.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, 30_000, () => child.exitCode === null);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    authDir,
    log: () => output,
    stop: () => stopChild(child),
  };
}

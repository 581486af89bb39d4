// `routelights serve` as a process: binds 127.0.0.1, prints the URL with the token once, honours
// --token-file (for a Prometheus scrape config), answers /metrics, and stops cleanly on Ctrl-C.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { CLI_ENTRY } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch.ts';

it('serves the API and /metrics on loopback with the token from --token-file', async () => {
  const home = scratchDir('rl-serve-');
  const settings = join(home, 'settings.json');
  writeFileSync(settings, '{ "customModels": [] }');
  const tokenFile = join(home, 'token');
  const child = execa(process.execPath, ['--disable-warning=ExperimentalWarning', CLI_ENTRY, 'serve', '--token-file', tokenFile, '--settings', settings], { env: { PATH: process.env.PATH, HOME: home, ROUTELIGHTS_KEYCHAIN: 'off', ROUTELIGHTS_HOME: join(home, 'data') }, extendEnv: false, reject: false });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Open: (http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 20_000);
  });
  const token = readFileSync(tokenFile, 'utf8').trim();
  expect(token.length).toBeGreaterThanOrEqual(24);
  expect((await fetch(`${url}/metrics`)).status).toBe(401);
  const metrics = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(metrics.status).toBe(200);
  expect(await metrics.text()).toContain('routelights_overall_light');
  const snap = await fetch(`${url}/api/refresh`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
  expect(((await snap.json()) as { settingsNote: string }).settingsNote).toMatch(/No routes yet/);
  child.kill('SIGINT');
  const done = await child;
  expect(done.exitCode).toBe(0);
  expect(String(done.stdout).match(/#token=/g)).toHaveLength(1);
}, 60_000);

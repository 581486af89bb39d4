// `routelights serve` as a process: binds 127.0.0.1, prints the URL with the token once, honours
// --token-file (for a Prometheus scrape config) only when it is private, answers /metrics, stops cleanly
// on Ctrl-C, answers the CLI on its socket while it runs, and hands --open's browser a one-time code.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { cli, CLI_ENTRY } from '../helpers/cli.ts';
import { droidBinary } from '../helpers/droid.ts';
import { startOpenAiStub } from '../helpers/openai-stub.ts';
import { scratchDir } from '../helpers/scratch.ts';
import { serve } from '../helpers/serve.ts';

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

it('with serve running, the CLI asks it: status says so, a second sentinel run is refused naming the first, a second serve is refused', async () => {
  const stub = await startOpenAiStub({ models: ['echo'] });
  stub.behaviour = { kind: 'hang' };
  const home = scratchDir('rl-serve-cli-');
  const settings = join(home, 'settings.json');
  writeFileSync(settings, JSON.stringify({ customModels: [{ model: 'echo', id: 'custom:Hang-0', index: 0, baseUrl: `${stub.url}/v1`, apiKey: 'k', provider: 'generic-chat-completion-api' }] }));
  const env = { PATH: process.env.PATH, HOME: home, ROUTELIGHTS_KEYCHAIN: 'off', ROUTELIGHTS_HOME: join(home, 'data') };
  const served = await serve(['--settings', settings, '--droid', droidBinary()], env);
  try {
    const status = await cli(['status', '--json', '--settings', settings], { env });
    expect(JSON.parse(status.stdout).answeredBy).toMatchObject({ kind: 'serve', pid: served.process.pid });
    const table = await cli(['status', '--settings', settings], { env });
    expect(table.stdout).toContain(`answered by routelights serve (pid ${served.process.pid})`);

    const first = cli(['sentinels', '--settings', settings, '--timeout', '30', '--force'], { env });
    const waitFor = async (done: () => boolean) => {
      for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 100));
    };
    await waitFor(() => stub.requests.some((r) => r.method === 'POST' && r.body.includes('Reply exactly')));
    const second = await cli(['sentinels', '--settings', settings], { env });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/Sentinels are already running: started from the terminal .*0 of 1 verdicts in/);
    expect(second.stderr).toMatch(/remedy: /);

    const again = await execa(process.execPath, ['--disable-warning=ExperimentalWarning', CLI_ENTRY, 'serve', '--settings', settings], { env, extendEnv: false, reject: false, timeout: 30_000 });
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain(`RouteLights is already running for ${settings} (routelights serve, pid ${served.process.pid})`);

    await served.stop();
    expect((await first).code).not.toBe(0);
  } finally {
    await served.stop();
    await stub.close();
  }
}, 120_000);

it('a serve that finds no Droid says how to give it one: restart serve with --droid, not a flag this command cannot pass', async () => {
  const home = scratchDir('rl-serve-nodroid-');
  const settings = join(home, 'settings.json');
  writeFileSync(settings, JSON.stringify({ customModels: [{ model: 'm', id: 'custom:NoDroid-0', index: 0, baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'k', provider: 'generic-chat-completion-api' }] }));
  const env = { PATH: '/usr/bin:/bin', HOME: home, ROUTELIGHTS_KEYCHAIN: 'off', ROUTELIGHTS_HOME: join(home, 'data') };
  const served = await serve(['--settings', settings], env);
  try {
    const run = await cli(['sentinels', '--settings', settings], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\[droid-account\] Droid is not installed/);
    expect(run.stderr).toMatch(/remedy: .*restart routelights serve with --droid PATH/);
    const status = JSON.parse((await cli(['status', '--json', '--settings', settings], { env })).stdout);
    expect(status.droid.remedy).toMatch(/restart routelights serve with --droid PATH/);
  } finally {
    await served.stop();
  }
}, 60_000);

it('a --token-file that cannot be used is a usage error naming the file, and nothing is left serving', async () => {
  const home = scratchDir('rl-serve-token-');
  const settings = join(home, 'settings.json');
  writeFileSync(settings, '{ "customModels": [] }');
  const env = { PATH: process.env.PATH, HOME: home, ROUTELIGHTS_KEYCHAIN: 'off', ROUTELIGHTS_HOME: join(home, 'data') };
  for (const tokenFile of [join(home, 'no-such-folder', 'token'), home]) {
    const run = await execa(process.execPath, ['--disable-warning=ExperimentalWarning', CLI_ENTRY, 'serve', '--token-file', tokenFile, '--settings', settings], { env, extendEnv: false, reject: false, timeout: 30_000 });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`routelights: [usage] Cannot use ${tokenFile} as the token file`);
    expect(run.stderr).toMatch(/remedy: Give --token-file a file you can read and write/);
    expect(run.stderr).not.toMatch(/unexpected|\n\s+at /);
  }
}, 60_000);

it('a --token-file others can read is refused with the reason and chmod 600, and nothing is left serving', async () => {
  const home = scratchDir('rl-serve-token-mode-');
  const settings = join(home, 'settings.json');
  writeFileSync(settings, '{ "customModels": [] }');
  const tokenFile = join(home, 'token');
  writeFileSync(tokenFile, 'a-token-of-forty-characters-0123456789ab\n');
  chmodSync(tokenFile, 0o644);
  const env = { PATH: process.env.PATH, HOME: home, ROUTELIGHTS_KEYCHAIN: 'off', ROUTELIGHTS_HOME: join(home, 'data') };
  const run = await execa(process.execPath, ['--disable-warning=ExperimentalWarning', CLI_ENTRY, 'serve', '--token-file', tokenFile, '--settings', settings], { env, extendEnv: false, reject: false, timeout: 30_000 });
  expect(run.exitCode).toBe(2);
  expect(run.stderr).toContain(`routelights: [usage] Cannot use ${tokenFile} as the token file: its mode is 0644`);
  expect(run.stderr).toContain(`chmod 600 ${tokenFile}`);
  expect(run.stderr + run.stdout).not.toContain('a-token-of-forty-characters');
  expect(run.stdout).not.toContain('Open:');
}, 60_000);

it('serve --open hands the browser opener a private file leading on with a one-time code, never the token; the code opens the session once; the caps come from the environment', async () => {
  const home = scratchDir('rl-serve-open-');
  const settings = join(home, 'settings.json');
  writeFileSync(settings, '{ "customModels": [] }');
  // A stand-in for the system's opener that records its arguments: what every local user sees in ps.
  const bin = join(home, 'bin');
  mkdirSync(bin);
  const argv = join(home, 'opener-argv');
  writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argv}'\n`, { mode: 0o755 });
  writeFileSync(join(bin, 'open'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argv}'\n`, { mode: 0o755 });
  const env = { PATH: `${bin}:${process.env.PATH}`, HOME: home, ROUTELIGHTS_KEYCHAIN: 'off', ROUTELIGHTS_HOME: join(home, 'data'), ROUTELIGHTS_MAX_STREAMS: '1' };
  const served = await serve(['--open', '--settings', settings], env);
  try {
    // The URL is printed before the opener runs.
    await expect.poll(() => (existsSync(argv) ? readFileSync(argv, 'utf8') : ''), { timeout: 10_000 }).toMatch(/\n$/);
    // The opener gets a file of this user's (0600) that leads the browser on with the code: no code, no token in ps.
    const opened = readFileSync(argv, 'utf8').trim();
    expect(opened).toMatch(/^file:\/\/.*\/open-[0-9a-f]{16}\.html$/);
    const page = fileURLToPath(opened);
    expect(statSync(page).mode & 0o777).toBe(0o600);
    const leadsTo = readFileSync(page, 'utf8');
    expect(leadsTo).toMatch(new RegExp(`location\\.replace\\("${served.origin.replace(/\./g, '\\.')}/#code=[A-Za-z0-9_-]{22}"\\)`));
    expect(leadsTo + opened).not.toContain(served.token);
    const code = /#code=([A-Za-z0-9_-]+)/.exec(leadsTo)![1]!;
    const exchange = () => fetch(`${served.origin}/auth/exchange`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    const first = await exchange();
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ token: served.token });
    expect((await exchange()).status).toBe(401);

    const events = () => fetch(`${served.origin}/api/events`, { headers: { authorization: `Bearer ${served.token}` } });
    const held = await events();
    expect(held.status).toBe(200);
    const refused = await events();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    await held.body?.cancel();
  } finally {
    await served.stop();
  }
  expect(String((await served.process).stdout).match(/#token=/g)).toHaveLength(1);
  expect(readdirSync(join(home, 'data', 'open'))).toEqual([]);
}, 60_000);

it('a cap in the environment that is not a whole number is a usage error, not ignored', async () => {
  const home = scratchDir('rl-serve-caps-');
  const run = await cli(['serve', '--settings', join(home, 'settings.json')], { env: { PATH: process.env.PATH, HOME: home, ROUTELIGHTS_KEYCHAIN: 'off', ROUTELIGHTS_HOME: join(home, 'data'), ROUTELIGHTS_MAX_CONNECTIONS: 'lots' } });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('routelights: [usage] ROUTELIGHTS_MAX_CONNECTIONS=lots is not a whole number from 1 up.');
  expect(run.stderr).toMatch(/remedy: Set ROUTELIGHTS_MAX_CONNECTIONS to a number such as 64, or unset it/);
});

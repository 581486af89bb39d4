// `routelights serve` as a process: binds 127.0.0.1, prints the URL with the token once, honours
// --token-file (for a Prometheus scrape config), answers /metrics, stops cleanly on Ctrl-C, and answers
// the CLI on its socket while it runs.
import { readFileSync, writeFileSync } from 'node:fs';
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

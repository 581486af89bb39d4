// `npm start` where Electron cannot run (the README's main command on Linux): it builds the command and
// the window, then checks the routes (a red light is reported, not a failed start). Afterwards
// `routelights serve` shows the window with no further build step. Run in a copy of the project (with
// the same node_modules), so that the builds do not replace what other tests are using.
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { scratchDir } from '../helpers/scratch.ts';
import { ROOT } from '../helpers/tools.ts';

const PARTS = ['app', 'bin', 'scripts', 'renderer', 'main', 'assets', 'package.json', 'electron.vite.config.ts', 'tsconfig.base.json'];

it("npm start's script leaves the command and the window built: serve shows the window at once", async () => {
  const copy = join(scratchDir('rl-start-'), 'routelights');
  mkdirSync(copy);
  for (const part of PARTS) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  const home = scratchDir('rl-start-home-');
  // A route to a port where nothing listens: its light is red, and `npm start` still ends well.
  writeFileSync(join(home, 'settings.json'), JSON.stringify({ customModels: [{ model: 'm', id: 'custom:Start-0', index: 0, baseUrl: 'http://127.0.0.1:9/v1', apiKey: '${START_KEY}', provider: 'generic-chat-completion-api' }] }));
  const env = { PATH: process.env.PATH, HOME: home, ROUTELIGHTS_HOME: join(home, 'data'), ROUTELIGHTS_KEYCHAIN: 'off' };
  const started = await execa('sh', [join(copy, 'scripts', 'start.sh'), '--settings', join(home, 'settings.json')], { env, extendEnv: false, reject: false, timeout: 170_000 });
  expect(started.stdout, started.stderr).toContain('answered by this command');
  expect(started.stdout).toMatch(/RED\s+custom:Start-0/);
  expect(started.exitCode).toBe(0);
  expect(`${started.stdout}${started.stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+/);

  const served = execa(process.execPath, [join(copy, 'bin', 'routelights.js'), 'serve', '--settings', join(home, 'settings.json')], { env, extendEnv: false, reject: false });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      served.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /Open: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
        if (m) resolve(m[1]!);
      });
      setTimeout(() => reject(new Error(`serve printed no URL: ${out}`)), 30_000);
    });
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
  } finally {
    served.kill('SIGINT');
    await served;
  }
}, 180_000);

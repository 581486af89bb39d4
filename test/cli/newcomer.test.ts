// A newcomer's first minutes with the command, point by point as a fresh-clone trial found them: a
// mistyped --settings, an edit lint would call an error, errors on stderr, tables that wrap and are never
// cut, one quiet keychain line, a surface that says why it was not checked, `serve --open` that says what
// happened, and the small traps (a key name that follows the surface, an option given no value, a new
// folder, a folder given as the settings file). Each of these failed before.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { cli, CLI_ENTRY, cliProcess } from '../helpers/cli.ts';
import { droidBinary } from '../helpers/droid.ts';
import { scratchDir } from '../helpers/scratch.ts';

const route = (fields: Record<string, unknown>) => ({ model: 'm', id: 'custom:A-0', index: 0, baseUrl: 'http://127.0.0.1:9/v1', apiKey: '${A_KEY}', provider: 'generic-chat-completion-api', ...fields });

function settingsWith(...routes: Array<Record<string, unknown>>): { home: string; path: string } {
  const home = scratchDir('rl-new-');
  const path = join(home, 'settings.json');
  writeFileSync(path, `${JSON.stringify({ customModels: routes }, null, 2)}\n`);
  return { home, path };
}

describe('a newcomer meets routelights', () => {
  it('a mistyped --settings is an error naming the path and the default, for every command that reads; routes add creates the file and says so', async () => {
    const home = scratchDir('rl-new-');
    const typo = join(home, 'setings.json');
    for (const args of [['status'], ['routes', 'list'], ['lint'], ['sentinels', '--droid', droidBinary()], ['report'], ['backups', 'list']]) {
      const out = await cli([...args, '--settings', typo], { env: { HOME: home } });
      expect(out.code, args.join(' ')).toBe(2);
      expect(out.stdout, args.join(' ')).toBe('');
      expect(out.stderr, args.join(' ')).toContain(`${typo} (from --settings) does not exist`);
      expect(out.stderr, args.join(' ')).toContain(join(home, '.factory', 'settings.json'));
    }
    const fresh = join(home, 'new-folder', 'settings.json');
    const added = await cli(['routes', 'add', '--settings', fresh, '--id', 'custom:New-0', '--model', 'm', '--base-url', 'http://127.0.0.1:9/v1', '--provider', 'generic-chat-completion-api'], { env: { HOME: home } });
    expect(added.code).toBe(0);
    expect(added.stderr).toContain(`Created ${fresh} with the route custom:New-0`);
    expect(added.stderr).not.toMatch(/old file/);
    expect(JSON.parse(readFileSync(fresh, 'utf8')).customModels[0]).toMatchObject({ id: 'custom:New-0', index: 0 });
  });

  it('a folder given as --settings is named as a folder, with the file inside it and `projects add` as the ways on', async () => {
    const home = scratchDir('rl-new-');
    const project = join(home, 'my-project');
    mkdirSync(join(project, '.factory'), { recursive: true });
    for (const args of [['status'], ['routes', 'list'], ['lint'], ['routes', 'add', '--id', 'custom:X-0', '--model', 'm', '--base-url', 'http://127.0.0.1:9/v1', '--provider', 'generic-chat-completion-api']]) {
      const out = await cli([...args, '--settings', project], { env: { HOME: home } });
      expect(out.code, args.join(' ')).toBe(2);
      expect(out.stderr, args.join(' ')).toContain(`routelights: [usage] ${project} (from --settings) is a folder, not a settings file.`);
      expect(out.stderr, args.join(' ')).toContain(join(project, '.factory', 'settings.json'));
      expect(out.stderr, args.join(' ')).toContain(`routelights projects add ${project}`);
    }
    expect(readdirSync(join(project, '.factory'))).toEqual([]);
  });

  it('an edit that lint calls an error is refused (exit 2, nothing written, the findings on stderr) unless --force; a warning goes in', async () => {
    const { home, path } = settingsWith(route({}));
    const before = readFileSync(path, 'utf8');
    const bad = await cli(['routes', 'add', '--settings', path, '--id', 'x', '--model', 'm', '--base-url', 'not-a-url', '--provider', 'foo'], { env: { HOME: home } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('[route] The change would leave x with 3 errors:');
    for (const finding of ['does not start with "custom:"', 'is not an http(s) URL', 'which Droid does not know', 'Nothing was saved.']) expect(bad.stderr).toContain(finding);
    expect(bad.stderr).toMatch(/--force/);
    expect(readFileSync(path, 'utf8')).toBe(before);
    const broken = await cli(['routes', 'set', 'custom:A-0', '--settings', path, '--field', 'baseUrl=http://127.0.0.1:9/v1/chat/completions'], { env: { HOME: home } });
    expect(broken.code).toBe(2);
    expect(readFileSync(path, 'utf8')).toBe(before);
    const forced = await cli(['routes', 'add', '--settings', path, '--id', 'x', '--model', 'm', '--base-url', 'not-a-url', '--provider', 'foo', '--force'], { env: { HOME: home } });
    expect(forced.code).toBe(0);
    expect(forced.stderr).toMatch(/error: /);
    const warned = await cli(['routes', 'add', '--settings', path, '--id', 'custom:Plain-2', '--model', 'm', '--base-url', 'http://127.0.0.1:9/v1', '--provider', 'generic-chat-completion-api', '--api-key-stdin'], { env: { HOME: home }, stdin: 'sk-plain-key-value-123456' });
    expect(warned.code).toBe(0);
    expect(warned.stderr).toMatch(/warning: The "apiKey" holds a key in plain text/);
    expect(readFileSync(path, 'utf8')).toContain('custom:Plain-2');
  });

  it('status puts a settings file it cannot read on stderr, not in its table', async () => {
    const home = scratchDir('rl-new-');
    const path = join(home, 'settings.json');
    writeFileSync(path, '{ "customModels": [ }');
    const out = await cli(['status', '--settings', path, '--droid', droidBinary()], { env: { PATH: process.env.PATH, HOME: home } });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`routelights: [settings] ${path}:1:`);
    expect(out.stdout).not.toContain(`${path}:1:`);
  });

  it('tables wrap long reasons to the terminal width, and cut nothing when the output is not a terminal', async () => {
    const { home, path } = settingsWith(route({ baseUrl: 'http://127.0.0.1:9/v1/chat/completions' }));
    const piped = await cli(['lint', '--settings', path], { env: { HOME: home } });
    expect(piped.stdout).not.toContain('…');
    expect(piped.stdout).toContain('Use http://127.0.0.1:9/v1 as the baseUrl.');
    const narrow = await cli(['lint', '--settings', path], { env: { HOME: home }, columns: 100 });
    const lines = narrow.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.every((l) => l.length <= 100), lines.join('\n')).toBe(true);
    // The remedy column, read down its lines: every character of the remedy is there.
    const at = lines[0]!.indexOf('REMEDY');
    expect(lines.slice(1).map((l) => l.slice(at)).join('').replace(/\s+/g, '')).toContain('Usehttp://127.0.0.1:9/v1asthebaseUrl.');
    const wide = await cli(['lint', '--settings', path], { env: { HOME: home }, columns: 400 });
    expect(wide.stdout.trimEnd().split('\n')).toHaveLength(2);
  });

  it('on a terminal too narrow for the prose, each finding becomes a block: ids and URLs are never cut', async () => {
    const id = 'custom:A-Route-With-A-Long-Name-0';
    const { home, path } = settingsWith(route({ id, baseUrl: 'http://127.0.0.1:9/v1/chat/completions' }));
    const narrow = await cli(['lint', '--settings', path], { env: { HOME: home }, columns: 70 });
    const lines = narrow.stdout.trimEnd().split('\n');
    expect(lines.some((l) => l.includes(id)), narrow.stdout).toBe(true);
    expect(lines.some((l) => l.trim() === 'remedy: Use http://127.0.0.1:9/v1 as the baseUrl.'), narrow.stdout).toBe(true);
    expect(lines.every((l) => l.length <= 70), narrow.stdout).toBe(true);
  });

  it('no Secret Service: one quiet keychain line with the real remedies; the D-Bus text only with --verbose', async () => {
    const { home, path } = settingsWith(route({}));
    const env = { PATH: process.env.PATH, HOME: home, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-bus')}` };
    const quiet = await cliProcess(['status', '--settings', path], { env });
    const warnings = quiet.stderr.split('\n').filter((l) => l.includes('[keychain]'));
    expect(warnings).toHaveLength(1);
    expect(quiet.stderr).toMatch(/ROUTELIGHTS_KEYCHAIN=off/);
    expect(quiet.stderr).toMatch(/an exported variable is enough/);
    expect(quiet.stderr).not.toMatch(/dbus|D-Bus|DBus/i);
    const verbose = await cliProcess(['status', '--settings', path, '--verbose'], { env });
    expect(verbose.stderr).toMatch(/detail: .*(dbus|D-Bus|DBus)/i);
  });

  it('a surface whose key is set nowhere says so, instead of "not checked yet"', async () => {
    const { home, path } = settingsWith(route({ id: 'custom:GLM-5.1-[ZAI]-1', model: 'glm-5.1', baseUrl: 'https://api.z.ai/api/coding/paas/v4', apiKey: '${ZAI_API_KEY}' }));
    const out = await cli(['status', '--json', '--settings', path, '--droid', droidBinary()], { env: { PATH: process.env.PATH, HOME: home, ROUTELIGHTS_KEYCHAIN: 'off' } });
    const surface = JSON.parse(out.stdout).surfaces.find((s: { kind: string }) => s.kind === 'zai');
    expect(surface).toMatchObject({ light: 'gray', door: 'no-key', reason: expect.stringContaining('no key: ZAI_API_KEY is set nowhere') });
  });

  it('serve --open says in one line when no browser could be opened, with the URL to open', async () => {
    const { home, path } = settingsWith(route({}));
    const bin = join(home, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'xdg-open'), '#!/bin/sh\nexit 3\n');
    chmodSync(join(bin, 'xdg-open'), 0o755);
    for (const PATH of [`${bin}:${process.env.PATH}`, '/nonexistent-bin']) {
      const child = execa(process.execPath, ['--disable-warning=ExperimentalWarning', CLI_ENTRY, 'serve', '--open', '--settings', path], { env: { PATH, HOME: home, ROUTELIGHTS_KEYCHAIN: 'off', ROUTELIGHTS_HOME: join(home, `data-${PATH.length}`) }, extendEnv: false, reject: false });
      let err = '';
      child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      for (let i = 0; i < 200 && !/browser/.test(err); i++) await new Promise((r) => setTimeout(r, 50));
      child.kill('SIGINT');
      const done = await child;
      expect(String(done.stderr)).toMatch(/Could not open the window in a browser: xdg-open (found no browser to open it \(exit 3\)|is not installed)\. Open the URL above yourself\./);
      expect(String(done.stdout)).toMatch(/Open: http:\/\/127\.0\.0\.1:\d+\/#token=/);
    }
  }, 60_000);

  it('the small traps: the key name follows the surface, an option given no value, a route into a new folder', async () => {
    const { home, path } = settingsWith(route({ baseUrl: 'http://localhost:8317/v1', apiKey: 'sk-a-plain-key-1234567' }));
    const lint = await cli(['lint', '--json', '--settings', path], { env: { HOME: home } });
    expect(JSON.parse(lint.stdout).findings.find((f: { rule: string }) => f.rule === 'plain-text-api-key').remedy).toContain('${ROUTELIGHTS_KEY_VIBEPROXY}');
    const swallowed = await cli(['routes', 'add', '--settings', path, '--id', 'custom:B-1', '--model', '--base-url', 'http://127.0.0.1:9/v1', '--provider', 'generic-chat-completion-api'], { env: { HOME: home } });
    expect(swallowed.code).toBe(2);
    expect(swallowed.stderr).toContain('--model needs a value, but the word after it is the option --base-url');
    expect(readFileSync(path, 'utf8')).not.toContain('custom:B-1');
    const project = join(scratchDir('rl-new-'), 'not-yet');
    const into = await cli(['routes', 'add', '--settings', join(project, 'settings.json'), '--id', 'custom:C-2', '--model', 'm', '--base-url', 'http://127.0.0.1:9/v1', '--provider', 'generic-chat-completion-api'], { env: { HOME: home } });
    expect(into.code).toBe(0);
    expect(existsSync(join(project, 'settings.json'))).toBe(true);
  });

  it('the words on the way: a mistyped option reads like any usage error, lint of an empty file says there is nothing yet', async () => {
    const { home, path } = settingsWith();
    const typo = await cli(['lint', '--settings', path, '--jsno'], { env: { HOME: home } });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^routelights: \[usage\] unknown option '--jsno'/);
    const empty = await cli(['lint', '--settings', path], { env: { HOME: home } });
    expect(empty.code).toBe(0);
    expect(empty.stdout).toBe(`No routes yet in ${path}: nothing to lint. Add one with 'routelights routes add'.\n`);
  });
});

// Secrets beyond apiKey: a credential header, the user part of a base URL and a field the user marks
// (ROUTELIGHTS_SECRET_FIELDS), each a canary that has no key's shape. Every output (routes list, lint,
// status, report, profile export, the API's routes answer) shows where they sit and never their value;
// lint names each with the fact Droid shows (test/integration/droid-wire.test.ts); an edit made from what
// is shown keeps the hidden values, and a hidden value is never written back in place of a real one.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RouteLightsService } from '../../app/service.ts';
import { CANARIES } from '../helpers/canary.ts';
import { cli } from '../helpers/cli.ts';
import { droidBinary } from '../helpers/droid.ts';
import { startOpenAiStub, type OpenAiStub } from '../helpers/openai-stub.ts';
import { scratchDir } from '../helpers/scratch.ts';

let stub: OpenAiStub;
beforeAll(async () => {
  stub = await startOpenAiStub({ models: ['echo'] });
});
afterAll(() => stub.close());

const SECRETS = Object.values(CANARIES);

function machine() {
  const home = scratchDir('rl-secret-fields-');
  mkdirSync(join(home, '.factory'));
  const settings = join(home, '.factory', 'settings.json');
  const text = `{
  // one route with a secret in every place but apiKey
  "customModels": [
    {
      "model": "echo", "id": "custom:Echo-0", "index": 0, "provider": "generic-chat-completion-api",
      "baseUrl": "http://rl-user:${CANARIES.urlPassword}@127.0.0.1:${stub.port}/v1",
      "apiKey": "\${ECHO_KEY}",
      "extraHeaders": { "X-Custom-Token": "${CANARIES.header}", "X-Trace": "visible-trace", "X-Max-Tokens": "8192", "X-Session-Affinity": "true" },
      "extraArgs": { "org_secret_id": "${CANARIES.marked}", "region": "eu" }
    }
  ]
}
`;
  writeFileSync(settings, text, { mode: 0o600 });
  chmodSync(settings, 0o600);
  const env = { PATH: process.env.PATH, HOME: home, ROUTELIGHTS_HOME: join(home, 'data'), ROUTELIGHTS_KEYCHAIN: 'off', ROUTELIGHTS_SECRET_FIELDS: 'org_secret_id', ECHO_KEY: 'echo-key-value' } as NodeJS.ProcessEnv;
  return { home, settings, text, env };
}

const noSecret = (text: string) => SECRETS.filter((s) => text.includes(s));

describe('secrets beyond apiKey', () => {
  it('no output shows them: routes list, lint, status, report, profile export, the API answer', async () => {
    const { env, settings, home } = machine();
    const outputs: string[] = [];
    for (const args of [['routes', 'list'], ['routes', 'list', '--json'], ['lint'], ['lint', '--json'], ['status', '--json'], ['report', '--json', '--droid', droidBinary()], ['report', '--md', '--droid', droidBinary()], ['profile', 'export']]) {
      const out = await cli(args, { env });
      outputs.push(out.stdout + out.stderr);
      expect(noSecret(out.stdout + out.stderr), args.join(' ')).toEqual([]);
    }
    const service = new RouteLightsService({ settingsPath: settings, env, store: null, droidPath: join(home, 'no-droid') });
    await service.start();
    const answer = await service.call('routes', {});
    service.stop();
    expect(noSecret(JSON.stringify(answer))).toEqual([]);
    // Where they sit stays visible: the header's name, the URL's host, the marked field's name, other values.
    const shown = answer.routes[0]!.settings;
    expect(shown.baseUrl).toBe(`http://‹redacted›@127.0.0.1:${stub.port}/v1`);
    // Names that only look like a credential's part (Max-Tokens) and values that cannot be one (true) stay as written.
    expect(shown.extra).toEqual({ extraHeaders: { 'X-Custom-Token': '<plain text>', 'X-Trace': 'visible-trace', 'X-Max-Tokens': '8192', 'X-Session-Affinity': 'true' }, extraArgs: { org_secret_id: '<plain text>', region: 'eu' } });
    expect(outputs.join('\n')).toContain('X-Custom-Token');
  });

  it('a profile carries no URL credentials: exported without them, imported whole on another machine, this machine\'s own kept', async () => {
    const a = machine();
    const profile = join(a.home, 'routes.profile.json');
    expect((await cli(['profile', 'export', '--out', profile], { env: a.env })).code).toBe(0);
    const text = readFileSync(profile, 'utf8');
    expect(noSecret(text)).toEqual([]);
    expect(text).toContain(`"baseUrl": "http://127.0.0.1:${stub.port}/v1"`);
    const b = machine();
    const imported = await cli(['profile', 'import', profile], { env: b.env });
    expect(imported.code, imported.stderr).toBe(0);
    // B's file already had the route with its credentials: the same URL without them changes nothing.
    expect(readFileSync(b.settings, 'utf8')).toBe(b.text);
  });

  it('lint names each: the plain header, the dropped URL credentials, the marked field', async () => {
    const { env } = machine();
    const out = await cli(['lint', '--json'], { env });
    const rules = JSON.parse(out.stdout).findings.map((f: { rule: string }) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['plain-text-header-secret', 'base-url-credentials', 'plain-text-secret']));
    const header = JSON.parse(out.stdout).findings.find((f: { rule: string }) => f.rule === 'plain-text-header-secret');
    expect(header.remedy).toMatch(/Droid sends extraHeaders as written.*routelights exec -- droid/);
  });

  it('a file holding plain secrets that others can read: lint warns with chmod 600; a private one: no warning', async () => {
    const { env, settings } = machine();
    chmodSync(settings, 0o644);
    const open = JSON.parse((await cli(['lint', '--json'], { env })).stdout).findings.find((f: { rule: string }) => f.rule === 'key-file-readable');
    expect(open?.message).toMatch(/readable by its group and every user of this machine \(mode 0644\)/);
    expect(open?.remedy).toMatch(/chmod 600/);
    chmodSync(settings, 0o600);
    expect(JSON.parse((await cli(['lint', '--json'], { env })).stdout).findings.map((f: { rule: string }) => f.rule)).not.toContain('key-file-readable');
  });

  it('an edit made from what is shown keeps the hidden values; a hidden value is refused, never written', async () => {
    const { env, settings, home } = machine();
    const service = new RouteLightsService({ settingsPath: settings, env, store: null, droidPath: join(home, 'no-droid') });
    await service.start();
    try {
      const { revision, routes } = await service.call('routes', {});
      // The window's editor changes the port in the shown URL: the user part comes back from the file.
      const shownUrl = routes[0]!.settings.baseUrl!.replace(String(stub.port), String(stub.port + 1));
      await service.call('saveRoutes', { revision, changes: [{ kind: 'update', id: 'custom:Echo-0', set: { baseUrl: shownUrl } }] });
      const text = readFileSync(settings, 'utf8');
      expect(text).toContain(`"http://rl-user:${CANARIES.urlPassword}@127.0.0.1:${stub.port + 1}/v1"`);
      expect(text).toContain(CANARIES.header);
      // Writing what is shown for a secret in place of the secret is refused, naming the field.
      const again = await service.call('routes', {});
      await expect(service.call('saveRoutes', { revision: again.revision, changes: [{ kind: 'update', id: 'custom:Echo-0', set: { extraHeaders: again.routes[0]!.settings.extra.extraHeaders } }] })).rejects.toMatchObject({ failure: { code: 'hidden-value', reason: expect.stringContaining('extraHeaders.X-Custom-Token') } });
      await expect(service.call('saveRoutes', { revision: again.revision, changes: [{ kind: 'add', entry: { model: 'echo', id: 'custom:Copy-1', baseUrl: again.routes[0]!.settings.baseUrl, provider: 'generic-chat-completion-api' } }] })).rejects.toMatchObject({ failure: { code: 'hidden-value' } });
      // Credentials never follow a URL to another host.
      await expect(service.call('saveRoutes', { revision: again.revision, changes: [{ kind: 'update', id: 'custom:Echo-0', set: { baseUrl: again.routes[0]!.settings.baseUrl!.replace('127.0.0.1', 'evil.example') } }] })).rejects.toMatchObject({ failure: { code: 'hidden-value' } });
      // Nor as a person might retype it, or as a URL encodes it.
      for (const set of [{ model: '‹REDACTED›' }, { model: ' <plain text> ' }, { baseUrl: `http://%E2%80%B9redacted%E2%80%BA@127.0.0.1:${stub.port}/v1` }]) {
        await expect(service.call('saveRoutes', { revision: again.revision, changes: [{ kind: 'update', id: 'custom:Echo-0', set }] }), JSON.stringify(set)).rejects.toMatchObject({ failure: { code: 'hidden-value' } });
      }
      expect(readFileSync(settings, 'utf8')).toBe(text);
    } finally {
      service.stop();
    }
  });
});

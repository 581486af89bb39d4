// What Droid puts on the wire, re-measured on every run with the real Droid against a server that
// records each request: the path it builds from baseUrl and provider, and the auth headers it sends.
// RouteLights' lights and lint rules rest on these facts (app/surfaces/wire.ts; docs/droid-notes.md),
// so a Droid release that builds requests differently turns this test red. The facts behind the lint
// rules on secrets beyond apiKey are here too: extraHeaders go out as written (no ${VAR} expansion), an
// Authorization header replaces the apiKey, a baseUrl's user part is dropped; and `routelights exec`
// puts a header's ${NAME} in for Droid.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveApiKey } from '../../app/secrets/resolve.ts';
import { lintRoutes } from '../../app/settings/lint.ts';
import { surfaceOptionsFromEnv } from '../../app/surfaces/derive.ts';
import { wireHeaders, wireUrl } from '../../app/surfaces/wire.ts';
import { CANARIES } from '../helpers/canary.ts';
import { cli } from '../helpers/cli.ts';
import { droidBinary, runDroid } from '../helpers/droid.ts';
import { startOpenAiStub, type OpenAiStub } from '../helpers/openai-stub.ts';
import { scratchDir } from '../helpers/scratch.ts';

let stub: OpenAiStub;
beforeAll(async () => {
  stub = await startOpenAiStub({ models: ['m'] });
});
afterAll(() => stub.close());

const cases: Array<{ provider: string; path: string; apiKey: string }> = [
  { provider: 'generic-chat-completion-api', path: '/v1/', apiKey: 'wire-key-1' },
  { provider: 'generic-chat-completion-api', path: '/v1/chat/completions', apiKey: 'wire-key-2' },
  { provider: 'generic-chat-completion-api', path: '/v1', apiKey: '' },
  { provider: 'openai', path: '/v1', apiKey: 'wire-key-3' },
  { provider: 'anthropic', path: '', apiKey: 'wire-key-4' },
  { provider: 'anthropic', path: '/v1', apiKey: 'wire-key-5' },
];

/** One run of the real Droid on one route: the first request it makes for the route's model, or undefined. */
async function firstRequest(entry: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) {
  const home = scratchDir('rl-droid-wire-');
  mkdirSync(join(home, '.factory'));
  writeFileSync(join(home, '.factory', 'settings.json'), JSON.stringify({ customModels: [{ id: 'custom:Wire-0', index: 0, provider: 'generic-chat-completion-api', ...entry }] }));
  const droid = runDroid(['exec', '-m', 'custom:Wire-0', '--auto', 'low', '--cwd', home, '-o', 'json', 'Reply exactly: WIRE'], { home, env, timeoutMs: 30_000 });
  let exited = false;
  void droid.finally(() => (exited = true));
  const mine = () => stub.requests.filter((r) => r.body.includes(`"${String(entry.model)}"`));
  for (let i = 0; i < 300 && mine().length === 0 && !exited; i++) await new Promise((r) => setTimeout(r, 50));
  droid.kill('SIGKILL');
  await droid;
  return mine()[0];
}

describe('the request Droid makes for a route', () => {
  it.each(cases)('$provider with baseUrl …$path (key "$apiKey"): the path and headers wire.ts predicts', async ({ provider, path, apiKey }) => {
    const baseUrl = `${stub.url}${path}`;
    const model = `wire-${provider}-${cases.findIndex((c) => c.path === path && c.provider === provider)}`;
    const request = await firstRequest({ model, baseUrl, apiKey, provider });
    expect(request, 'Droid sent no request').toBeDefined();
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe(new URL(wireUrl(baseUrl, provider)!).pathname);
    const headers = wireHeaders(provider, resolveApiKey(apiKey, null));
    expect(request!.authorization).toBe(headers.authorization);
    expect(request!.xApiKey).toBe(headers['x-api-key']);
    expect(request!.anthropicVersion).toBe(headers['anthropic-version']);
  });
});

describe('secrets beyond apiKey on the wire (the facts behind their lint rules)', () => {
  it('header-reference-literal: extraHeaders go out as written, ${VAR} and the names\' casing included', async () => {
    const request = await firstRequest({ model: 'secret-h1', baseUrl: `${stub.url}/v1`, apiKey: 'wire-key-h1', extraHeaders: { 'X-Custom-Token': '${RL_WIRE_HDR}', 'x-Trace-ID': 'trace-1' } }, { RL_WIRE_HDR: 'set-in-droids-environment' });
    expect(request, 'Droid sent no request').toBeDefined();
    expect(request!.headers['X-Custom-Token']).toBe('${RL_WIRE_HDR}');
    expect(request!.headers['x-Trace-ID']).toBe('trace-1');
    expect(request!.authorization).toBe('Bearer wire-key-h1');
  });

  it('header-replaces-api-key: an Authorization header is the one Droid sends, the apiKey never goes out', async () => {
    const request = await firstRequest({ model: 'secret-h2', baseUrl: `${stub.url}/v1`, apiKey: 'wire-key-h2', extraHeaders: { authorization: 'Bearer header-wins-h2' } });
    expect(request!.authorization).toBe('Bearer header-wins-h2');
    expect(JSON.stringify(request!.headers)).not.toContain('wire-key-h2');
  });

  it('an X-Api-Key header on an OpenAI-style route goes out beside the apiKey, replacing nothing (lint says nothing of it)', async () => {
    const entry = { model: 'secret-h5', baseUrl: `${stub.url}/v1`, apiKey: 'wire-key-h5', extraHeaders: { 'X-Api-Key': 'beside-h5' } };
    const request = await firstRequest(entry);
    expect(request!.authorization).toBe('Bearer wire-key-h5');
    expect(request!.headers['X-Api-Key']).toBe('beside-h5');
    const route = { ...entry, id: 'custom:Wire-0', provider: 'generic-chat-completion-api', key: 'k', idDerived: false, extra: { extraHeaders: entry.extraHeaders }, schemaIssues: [], source: { kind: 'settings' as const, path: '/s.json', position: 0, project: null } };
    expect(lintRoutes([route], surfaceOptionsFromEnv({})).map((f) => f.rule)).not.toContain('header-replaces-api-key');
  });

  it('base-url-credentials: the user part of baseUrl is dropped, no Basic header; with no apiKey nothing authenticates', async () => {
    const request = await firstRequest({ model: 'secret-h3', baseUrl: `http://alice:wirepass@127.0.0.1:${stub.port}/v1`, apiKey: '' });
    expect(request!.path).toBe('/v1/chat/completions');
    expect(request!.authorization).toBeUndefined();
    expect(JSON.stringify(request!.headers)).not.toContain(Buffer.from('alice:wirepass').toString('base64'));
  });

  it('routelights exec -- droid: a header written as ${NAME} arrives with its value, from a runtime file that is gone afterwards', async () => {
    const home = scratchDir('rl-droid-exec-hdr-');
    mkdirSync(join(home, '.factory'));
    const settings = join(home, '.factory', 'settings.json');
    const text = JSON.stringify({ customModels: [{ model: 'secret-h4', id: 'custom:Hdr-0', index: 0, baseUrl: `${stub.url}/v1`, apiKey: 'wire-key-h4', provider: 'generic-chat-completion-api', extraHeaders: { 'X-Custom-Token': '${RL_HDR_TOKEN}' } }] });
    writeFileSync(settings, text);
    const data = join(home, 'rl-data');
    const env = { PATH: process.env.PATH, HOME: home, ROUTELIGHTS_HOME: data, ROUTELIGHTS_KEYCHAIN: 'off', RL_HDR_TOKEN: CANARIES.header };
    const out = await cli(['exec', '--', droidBinary(), 'exec', '-m', 'custom:Hdr-0', '--auto', 'low', '--cwd', home, '-o', 'json', 'Reply exactly: HDR_OK'], { env });
    expect(out.code, out.stderr).toBe(0);
    const request = stub.requests.find((r) => r.body.includes('"secret-h4"'));
    expect(request!.headers['X-Custom-Token']).toBe(CANARIES.header);
    expect(readFileSync(settings, 'utf8')).toBe(text);
    expect(existsSync(join(data, 'drafts')) ? readdirSync(join(data, 'drafts')) : []).toEqual([]);
  }, 60_000);
});
